import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/session';
import { PageHeader } from '../components/PageHeader';
import { NAV_SECTIONS, sectionLabelKey, itemLabelKey, itemDescriptionKey } from '../lib/navigation';
import { can } from '../lib/permissions';

export function HomePage() {
  const { t } = useTranslation();
  const me = useSession();
  const name = me.user?.displayName ?? me.apiKey?.name ?? '';

  return (
    <>
      <PageHeader
        title={t('home.welcome', { name })}
        description={t('home.intro', { organisation: me.organisation.name })}
      />
      <Stack gap="xl">
        {NAV_SECTIONS.map((section) => {
          const items = section.items.filter((item) => !item.permission || can(me, item.permission));
          if (items.length === 0) return null;
          return (
            <section key={section.key} aria-labelledby={`home-${section.key}`}>
              <Title order={2} size="h4" id={`home-${section.key}`} mb="sm">
                {t(sectionLabelKey(section.key))}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
                {items.map((item) => (
                  <Card key={item.key} withBorder padding="md" radius="md">
                    <Group gap="xs" wrap="wrap">
                      <Anchor component={Link} to={item.path} fw={600}>
                        {t(itemLabelKey(item.key))}
                      </Anchor>
                      {/* Not built yet: said here, before the reader opens an empty page. */}
                      {item.placeholder && (
                        <Badge variant="light" color="gray" size="sm">
                          {t('placeholder.title')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" mt={4}>
                      {t(itemDescriptionKey(item.key))}
                    </Text>
                  </Card>
                ))}
              </SimpleGrid>
            </section>
          );
        })}
      </Stack>
    </>
  );
}
