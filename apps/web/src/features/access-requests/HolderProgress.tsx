import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccessRequest } from '../../api/intel-types';
import { StateLabel } from '../../components/StatusBadge';
import { countryName } from '../../i18n/countries';
import { holderGroupAnswers, type HolderAnswer } from './holder-progress';

/** As the request's status colours them: granted green, refused red, still open orange. */
const ANSWER_COLOURS = { granted: 'green', refused: 'red', waiting: 'orange' } as const satisfies Record<HolderAnswer, string>;

/**
 * A network request's answers per kind and country of holder, as the server counts them ("Bank,
 * Thailand: granted"), one line each. Only kinds and countries: the holders that have not answered stay
 * unnamed, as the network's hint leaves them.
 */
export function HolderProgress({ progress }: { progress: NonNullable<AccessRequest['progress']> }) {
  const { t, i18n } = useTranslation();
  if (progress.holders.length === 0) return null;
  // role="list": Safari drops the list role of a list drawn without bullets.
  return (
    <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }} role="list" aria-label={t('accessProgress.holders')} data-testid="request-holder-progress">
      {progress.holders.map((group) => (
        <Group component="li" key={`${group.organisationType}-${group.country}`} gap={8} wrap="wrap" data-testid="holder-progress">
          <Text size="sm" span data-testid="holder-progress-holder">
            {t(`orgTypes.${group.organisationType}` as 'orgTypes.bank', { defaultValue: group.organisationType })}, {countryName(group.country, i18n.language)}:
          </Text>
          {holderGroupAnswers(group).map(({ answer, count }) => (
            <StateLabel
              key={answer}
              label={count === null ? t(`accessProgress.answer.${answer}`) : t(`accessProgress.answerCount.${answer}`, { count })}
              colour={ANSWER_COLOURS[answer]}
              testId="holder-progress-answer"
            />
          ))}
        </Group>
      ))}
    </Stack>
  );
}
