import {Button, Group, MultiSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { AppModal } from '../components/AppModal';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type Community } from '@gpos/contracts';
import { useSaveCommunity } from '../api/admin-queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../lib/errors';

const FIELDS = ['name', 'description', 'memberOrganisationIds'] as const;

interface Props {
  community: Community | null;
  organisationOptions: { value: string; label: string }[];
  onClose: () => void;
}

export function CommunityFormModal({ community, organisationOptions, onClose }: Props) {
  const { t } = useTranslation();
  const save = useSaveCommunity();
  const [name, setName] = useState(community?.name ?? '');
  const [description, setDescription] = useState(community?.description ?? '');
  const [members, setMembers] = useState<string[]>(community?.memberOrganisationIds ?? []);
  const [nameMissing, setNameMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The last answer's errors are stale once the form is sent again, whether or not it reaches the server.
    save.reset();
    setNameMissing(!name.trim());
    if (!name.trim()) return;
    save.mutate(
      {
        ...(community ? { id: community.id } : {}),
        name: name.trim(),
        description: description.trim() || (community ? null : undefined),
        memberOrganisationIds: members,
      },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'green',
            message: t(community ? 'communities.updatedMessage' : 'communities.created', { name: saved.name }),
          });
          onClose();
        },
      },
    );
  };

  return (
    <AppModal
      opened
      onClose={onClose}
      title={community ? t('communities.editTitle') : t('communities.createTitle')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={save.error} inlineFields={FIELDS} />
          <TextInput
            label={t('common.name')}
            required
            maxLength={LIMITS.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameMissing ? t('validation.required') : fieldError(save.error, 'name')}
            data-autofocus
          />
          <Textarea
            label={t('communities.descriptionLabel')}
            maxLength={LIMITS.description}
            autosize
            minRows={2}
            maxRows={6}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError(save.error, 'description')}
          />
          <MultiSelect
            label={t('communities.members')}
            description={t('communities.membersHint')}
            data={organisationOptions}
            value={members}
            onChange={setMembers}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            maxValues={LIMITS.communityMembers}
            nothingFoundMessage={t('common.nothingFound')}
            error={fieldError(save.error, 'memberOrganisationIds')}
            hidePickedOptions
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {community ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
