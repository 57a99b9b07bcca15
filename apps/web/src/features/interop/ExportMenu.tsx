import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { MISP_LIMITS } from '@gpos/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { mispExportableKinds, TooManyReportsError, useDownloadExport } from '../../api/interop-queries';
import { useSession } from '../../auth/session';
import { errorMessage, errorTitle } from '../../lib/errors';
import { can, PERMISSIONS } from '../../lib/permissions';
import type { ExportFormat, ExportKind } from './download';

/** "Not allowed — the server's detail", without saying the same thing twice. */
const describe = (title: string, message: string) => (message === title ? message : `${title} — ${message}`);

/** A file the page offers besides STIX/MISP (e.g. a network's graph), downloaded from a plain link. */
export interface ExportLink {
  key: string;
  label: ReactNode;
  href: string;
  testId?: string;
}

interface Props {
  kind: ExportKind;
  id: string;
  /** More formats, listed first under their own heading, so a page has one "Export" button for all of them. */
  links?: { label: string; items: ExportLink[] };
}

/**
 * "Export" on a report, indicator or network page: the record as a STIX 2.1 bundle, or (reports and
 * networks) as one MISP event, plus any page-specific `links` (a network's graph files) in the same menu.
 * The file is whatever the viewer may see; a failure is shown as the server's problem detail.
 */
export function ExportMenu({ kind, id, links }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  const download = useDownloadExport();
  // MISP export reads reports (`reports.read`); the STIX routes are gated like the page that shows the record.
  const misp = mispExportableKinds(kind) && can(me, PERMISSIONS.reportsRead);

  const start = (format: ExportFormat) => {
    download.mutate(
      { kind, id, format },
      {
        onSuccess: (name) => notifications.show({ color: 'green', message: t('interop.export.saved', { name }) }),
        onError: (error) =>
          notifications.show({
            color: 'red',
            autoClose: false,
            title: t('interop.export.failed'),
            message:
              error instanceof TooManyReportsError
                ? t('interop.export.tooManyReports', { count: error.reports, max: MISP_LIMITS.exportReports })
                : describe(errorTitle(t, error), errorMessage(t, error)),
          }),
      },
    );
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" loading={download.isPending} data-testid="interop-export">
          {t('interop.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {links && links.items.length > 0 && (
          <>
            <Menu.Label>{links.label}</Menu.Label>
            {links.items.map((item) => (
              <Menu.Item key={item.key} component="a" href={item.href} download data-testid={item.testId}>
                {item.label}
              </Menu.Item>
            ))}
            <Menu.Divider />
            <Menu.Label>{t('interop.export.exchangeGroup')}</Menu.Label>
          </>
        )}
        <Menu.Item onClick={() => start('stix')} data-testid="interop-export-stix">
          {t('interop.export.stix')}
        </Menu.Item>
        {misp && (
          <Menu.Item onClick={() => start('misp')} data-testid="interop-export-misp">
            {t('interop.export.misp')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
