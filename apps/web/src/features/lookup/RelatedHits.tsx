import { Anchor, Code, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LookupResult } from '../../api/intel-types';
import { BenignTag, HiddenHitNotice, WidelySharedTag } from '../../components/intel';
import { StateLabel } from '../../components/StatusBadge';
import { shownIndicator } from '../../lib/indicator-display';
import { OUTCOME_COLOURS } from '../../lib/lookup-batch';

type Related = LookupResult['related'][number];

/**
 * What a looked-up value implies and the platform knows — a URL's domain, a WhatsApp account's phone
 * (`related` of the answer) — one compact line each, under the value's own answer: a never-seen phishing
 * link whose domain partners reported says so. Counts are the viewer's visible reports, as for the value;
 * what they may not see is a hit with its holders and the request-access action — also beside the counts,
 * as partners' further reports, when they see some of its reports. `quiet` adds one line
 * naming what was looked up and not found (the quick search); a batch row shows the hits only.
 */
export function RelatedHits({ related, quiet = false }: { related: LookupResult['related']; quiet?: boolean }) {
  const { t } = useTranslation();
  const found = related.filter((r) => r.found);
  const missed = quiet ? related.filter((r) => !r.found) : [];
  if (found.length === 0 && missed.length === 0) return null;
  return (
    <Stack gap={6} data-testid="lookup-related">
      {found.map((r) => (
        <RelatedHit key={`${r.type} ${r.canonical}`} related={r} />
      ))}
      {missed.length > 0 && (
        <Text size="xs" data-testid="lookup-related-missed">
          {t('lookup.related.notFound', { list: missed.map((r) => `${t(`lookup.related.its.${r.type}`)} ${r.canonical}`).join(', '), nest: false })}
        </Text>
      )}
    </Stack>
  );
}

function RelatedHit({ related: r }: { related: Related }) {
  const { t } = useTranslation();
  const ind = r.indicator;
  return (
    <Stack gap={4} data-testid="lookup-related-hit" data-found={ind ? 'true' : 'hidden'}>
      <Group gap={8} wrap="wrap" align="center">
        <Text size="sm" className="break-all">
          <strong>{t(`lookup.related.its.${r.type}`)}</strong>{' '}
          {ind ? (
            <Anchor component={Link} to={`/indicators/${ind.id}`} ff="monospace" fz="sm" data-testid="lookup-related-identifier">
              {shownIndicator(ind).primary}
            </Anchor>
          ) : (
            <Code>{r.canonical}</Code>
          )}
          {ind && `: ${t('lookup.related.seen', { count: ind.reports, organisations: t('lookup.related.organisations', { count: ind.organisations }), score: ind.score })}`}
        </Text>
        {/* After what it is about: first, in a narrow batch row, it stood under the row's own outcome and
            read as that said twice ("Found", "Found"). */}
        {ind ? (
          <StateLabel label={t('lookup.outcome.found')} colour={ind.benign ? 'gray' : OUTCOME_COLOURS.found} />
        ) : (
          <StateLabel label={t('lookup.outcome.hitOnly')} colour={OUTCOME_COLOURS.hidden} />
        )}
        {ind?.benign && <BenignTag />}
        {ind?.widelyShared && <WidelySharedTag />}
      </Group>
      {/* As for the looked-up value itself: a hit only, or partners' further reports beside the counts above. */}
      {r.hiddenHit && <HiddenHitNotice key={r.hiddenHit.accessRequest.href} hit={r.hiddenHit} compact partial={ind !== null} />}
    </Stack>
  );
}
