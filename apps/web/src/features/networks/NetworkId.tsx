import { Anchor, Button, Code, CopyButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

const ID_LINE = { display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 4, maxWidth: '100%', minWidth: 0, verticalAlign: 'middle' } as const;

/**
 * A network's full id (what the API, exports, the audit log and a colleague's message use), with a button
 * that copies it. Linked to the network's page when `link` is set. Wraps anywhere on a narrow screen.
 */
export function NetworkId({ id, link = false, testId = 'network-id' }: { id: string; link?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    // Phrasing content only (spans), so that it may sit in a heading or a paragraph.
    <span style={ID_LINE}>
      {link ? (
        <Anchor component={Link} to={`/networks/${id}`} ff="monospace" fz="xs" className="break-all" data-testid={testId}>
          {id}
        </Anchor>
      ) : (
        <Code fz="xs" className="break-all" data-testid={testId}>
          {id}
        </Code>
      )}
      <CopyButton value={id} timeout={2000}>
        {({ copied, copy }) => (
          // The visible text is the whole name (no aria-label): "Copy ID" reads right in any language. At least
          // 24 px high (WCAG 2.5.8): compact-xs alone is 22, too small a target beside the ID on a phone.
          <Button size="compact-xs" mih={24} variant="subtle" color={copied ? 'teal' : 'blue'} c={copied ? 'teal.9' : 'blue.9'} onClick={copy} data-testid="copy-network-id" style={{ flexShrink: 0 }}>
            {copied ? t('networks.networkId.copied') : t('networks.networkId.copy')}
          </Button>
        )}
      </CopyButton>
    </span>
  );
}
