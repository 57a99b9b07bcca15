import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { NetworkId } from '../networks/NetworkId';
import { tailId } from '../../lib/format';

/** What a request is about: the identifier (its page lists the reports) or the network. */
export function AccessRequestTarget({ request }: { request: { targetType: 'indicator' | 'network'; targetId: string; indicator: { type: string; display: string; id?: string } | null } }) {
  const { t } = useTranslation();
  if (request.targetType === 'network') {
    // By its full id, linked and to copy: a fragment of it is ambiguous and cannot be searched.
    return (
      <Text size="sm" span>
        {t('accessRequests.network')} <NetworkId id={request.targetId} link testId="request-network" />
      </Text>
    );
  }
  const type = request.indicator ? t(`indicatorTypes.${request.indicator.type}` as 'indicatorTypes.phone', { defaultValue: request.indicator.type }) : t('accessRequests.identifier');
  const value = request.indicator?.display ?? tailId(request.targetId);
  return (
    <Text size="sm" span>
      {type}{' '}
      {request.indicator?.id ? (
        <Anchor component={Link} to={`/indicators/${request.indicator.id}`} ff="monospace" fz="sm" className="break-all" data-testid="request-identifier">
          {value}
        </Anchor>
      ) : (
        <Text span ff="monospace" fz="sm" className="break-all" data-testid="request-identifier">
          {value}
        </Text>
      )}
    </Text>
  );
}

