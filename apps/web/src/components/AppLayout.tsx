import { Anchor, AppShell, Box, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery, useWindowEvent } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLogout } from '../api/session-queries';
import { useSession } from '../auth/session';
import { can } from '../lib/permissions';
import { NAV_SECTIONS, activeItemPath, itemLabelKey, sectionLabelKey } from '../lib/navigation';
import { LanguageSwitch } from './LanguageSwitch';
import { UserText } from './UserText';
import { useFocusNeverLost } from './use-focus-never-lost';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below the `sm` breakpoint the collapsed navbar is only moved off screen; make it unreachable too.
  const isMobile = useMediaQuery('(max-width: 47.99em)') ?? false;

  // Close the mobile navigation after following a link.
  useEffect(() => close(), [location.pathname, close]);
  // …and on Escape, as a dialog closes, giving the focus back to its button (it stayed open: review, session 63).
  const burger = useRef<HTMLButtonElement>(null);
  useWindowEvent('keydown', (event) => {
    if (event.key !== 'Escape' || !opened || !isMobile || event.defaultPrevented) return;
    close();
    burger.current?.focus();
  });
  useFocusNeverLost();

  const signOut = () => {
    logout.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) });
  };

  const activeItem = activeItemPath(location.pathname);
  const displayName = me.user?.displayName ?? me.apiKey?.name ?? '';

  return (
    <>
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                ref={burger}
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('app.toggleNavigation')}
                aria-expanded={opened}
                aria-controls="main-navigation"
              />
              <Anchor component={Link} to="/" underline="never" c="blue.9" fw={800} fz="xl" aria-label={t('app.homeLink')}>
                GPOS
              </Anchor>
              <Text size="sm" visibleFrom="md" c="dimmed">
                {t('app.fullName')}
              </Text>
            </Group>
            <Group gap="md" wrap="nowrap">
              <Stack gap={0} visibleFrom="sm" align="flex-end" data-testid="current-user">
                <UnstyledButton component={Link} to="/account" fw={600} fz="sm">
                  <UserText fallback="">{displayName}</UserText>
                </UnstyledButton>
                <Text size="xs" c="dimmed">
                  <UserText>{me.organisation.name}</UserText>
                </Text>
              </Stack>
              <LanguageSwitch />
              <Button variant="default" size="xs" onClick={signOut} loading={logout.isPending}>
                {t('auth.signOut')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="xs" id="main-navigation" aria-label={t('nav.label')} inert={isMobile && !opened}>
          <ScrollArea type="auto" offsetScrollbars>
            {/* On a phone the header has no room for who is signed in: the menu says it, and leads to the account page. */}
            <Box hiddenFrom="sm" pb="xs" mb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
              <NavLink
                component={Link}
                to="/account"
                label={t('account.title')}
                description={
                  <>
                    <Text span size="sm" fw={600} c="dark" display="block">
                      <UserText fallback="">{displayName}</UserText>
                    </Text>
                    <Text span size="xs" c="dimmed" display="block">
                      <UserText>{me.organisation.name}</UserText>
                    </Text>
                  </>
                }
                active={location.pathname === '/account'}
                aria-current={location.pathname === '/account' ? 'page' : undefined}
                data-testid="nav-account"
              />
            </Box>
            <NavLink
              component={Link}
              to="/"
              label={t('nav.home')}
              active={location.pathname === '/'}
              aria-current={location.pathname === '/' ? 'page' : undefined}
            />
            {NAV_SECTIONS.map((section) => {
              const items = section.items.filter((item) => !item.permission || can(me, item.permission));
              if (items.length === 0) return null;
              const labelId = `nav-section-${section.key}`;
              return (
                <div key={section.key} role="group" aria-labelledby={labelId}>
                  <Text id={labelId} size="xs" fw={700} tt="uppercase" c="gray.7" px="sm" pt="md" pb={4}>
                    {t(sectionLabelKey(section.key))}
                  </Text>
                  {items.map((item) => {
                    const active = activeItem === item.path;
                    return (
                      <NavLink
                        key={item.key}
                        component={Link}
                        to={item.path}
                        label={t(itemLabelKey(item.key))}
                        active={active}
                        aria-current={active ? 'page' : undefined}
                      />
                    );
                  })}
                </div>
              );
            })}
          </ScrollArea>
        </AppShell.Navbar>

        <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </>
  );
}
