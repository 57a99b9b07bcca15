import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot, settle, signIn, switchLanguage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

interface Organisation {
  id: string;
  name: string;
  country: string;
  type: string;
}

describe.skipIf(!HAS_CHROMIUM)('administration: organisations, users, API keys, communities, audit', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const stamp = Date.now().toString(36);
  const orgName = `E2E Anti-Scam Centre ${stamp}`;
  const userEmail = `e2e.analyst.${stamp}@example.org`;
  const userName = `E2E Analyst ${stamp}`;
  const keyName = `E2E integration ${stamp}`;
  const communityName = `E2E Mekong community ${stamp}`;
  let organisation: Organisation | undefined;
  let secret = '';
  let initialPassword = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows every administration section to the platform admin', async () => {
    const nav = page.getByRole('navigation');
    for (const name of ['Organisations', 'Users', 'API keys', 'Sharing communities', 'Audit log']) {
      expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    }
    // The coming capabilities are there as placeholders.
    await nav.getByRole('link', { name: 'Public warnings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Public warnings' }).waitFor();
    expect(await page.getByText('This module is being built').count()).toBe(1);
    await settle(page);
    await screenshot(page, 'placeholder');
  });

  it('creates an organisation through the form', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    await page.getByRole('button', { name: 'New organisation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New organisation' });
    await dialog.waitFor();

    // Submitting empty shows inline errors next to the fields.
    await dialog.getByRole('button', { name: 'Create' }).click();
    expect(await dialog.getByText('This field is required.').count()).toBeGreaterThanOrEqual(3);

    await dialog.getByLabel(/^Name/).fill(orgName);
    await dialog.getByLabel('Short name').fill(`EASC${stamp}`.slice(0, 20));
    await dialog.getByRole('textbox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Law enforcement' }).click();
    await dialog.getByRole('textbox', { name: 'Country' }).fill('Thai');
    await page.getByRole('option', { name: 'Thailand (TH)' }).click();
    await screenshot(page, 'organisation-form');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: orgName });
    await row.waitFor();
    expect(await row.textContent()).toContain('Thailand');
    expect(await row.textContent()).toContain('Law enforcement');
    expect(await row.textContent()).toContain('Active');

    const found = await apiFromPage<{ items: Organisation[] }>(page, 'GET', `/api/v1/organisations?q=${encodeURIComponent(orgName)}`);
    expect(found.status).toBe(200);
    organisation = found.body.items.find((o) => o.name === orgName);
    expect(organisation?.country).toBe('TH');
    expect(organisation?.type).toBe('law_enforcement');
  });

  it('filters organisations by search text', async () => {
    await page.getByRole('textbox', { name: 'Search' }).fill(stamp);
    const bodyRows = page.locator('tbody tr');
    await expect
      .poll(async () => (await bodyRows.allTextContents()).map((text) => text.includes(orgName)), { timeout: 10_000 })
      .toEqual([true]);
    await page.getByRole('textbox', { name: 'Search' }).fill('');
  });

  it('creates a user in the new organisation and shows the generated password once', async () => {
    expect(organisation).toBeDefined();
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.waitFor();
    // Platform administrator is the operators' role: offered for the secretariat's own people (the
    // form starts there), and no longer once another organisation is chosen.
    await dialog.getByRole('textbox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Platform administrator' }).click();
    await dialog.getByRole('textbox', { name: 'Organisation' }).fill(orgName.slice(0, 20));
    await page.getByRole('option', { name: orgName }).click();
    expect(await dialog.getByRole('textbox', { name: 'Role' }).inputValue()).toBe('');
    await dialog.getByLabel('Display name').fill(userName);
    await dialog.getByRole('textbox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Analyst' }).waitFor();
    expect(await page.getByRole('option', { name: 'Platform administrator' }).count()).toBe(0);
    await settle(page);
    await screenshot(page, 'user-roles-other-organisation');
    await page.getByRole('option', { name: 'Analyst' }).click();

    // The server's field errors (problem+json `errors`) appear next to the field they name.
    const email = dialog.getByLabel('Email');
    await email.fill('not-an-email');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(async () => email.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const fieldMessage = await page.evaluate(
      (ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
      describedBy,
    );
    expect(fieldMessage).toContain('must be an email address');
    // Not what was typed: it is in the input above (the answer quotes it, for lists of errors).
    expect(fieldMessage).not.toContain('not-an-email');

    await email.fill(userEmail);
    await dialog.getByRole('button', { name: 'Create' }).click();

    const reveal = page.getByRole('dialog', { name: 'Initial password' });
    await reveal.waitFor();
    initialPassword = ((await reveal.getByTestId('initial-password').textContent()) ?? '').trim();
    expect(initialPassword.length).toBeGreaterThanOrEqual(12);
    expect(await reveal.textContent()).toContain('shown only once');
    expect(await reveal.getByRole('button', { name: 'Copy' }).count()).toBe(1);
    await settle(page);
    await screenshot(page, 'user-initial-password');
    await reveal.getByRole('button', { name: 'Done' }).click();
    await reveal.waitFor({ state: 'detached' });

    // Gone for good: not in the page any more.
    expect(await page.content()).not.toContain(initialPassword);
    // The demo world has more users than one page: find the new one with the search box.
    await page.getByRole('textbox', { name: 'Search' }).fill(userEmail);
    const row = page.getByRole('row').filter({ hasText: userEmail });
    await row.waitFor();
    expect(await row.textContent()).toContain(orgName);
    expect(await row.textContent()).toContain('Analyst');
  });

  it('the generated password signs the new user in', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: userEmail, password: initialPassword }),
    });
    expect(response.status).toBe(200);
    const me = (await response.json()) as { organisation: { id: string }; user: { role: string } };
    expect(me.organisation.id).toBe(organisation?.id);
    expect(me.user.role).toBe('analyst');
  });

  it('edits the user: suspends them', async () => {
    await page.getByRole('button', { name: `Edit ${userName}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit user' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Suspended' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: userEmail });
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain('Suspended');
  });

  it('creates an API key, whose secret is shown once and works as a Bearer token', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.waitFor();
    await dialog.getByLabel(/^Name/).fill(keyName);
    expect(await dialog.getByRole('checkbox', { name: 'Read' }).isChecked()).toBe(true);
    // The secretariat may grant the peer-node scope, but only to an organisation standing for a federation peer:
    // the refusal shows at the scopes, and nothing is created.
    await dialog.getByRole('checkbox', { name: 'Write' }).check();
    await dialog.getByRole('checkbox', { name: 'Peer node' }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByRole('alert').getByText(/stands for no federation peer/).waitFor();
    expect(await dialog.locator('.mantine-CheckboxGroup-error').textContent()).toMatch(/^GPOS Partnership Secretariat stands for no federation peer/);
    await screenshot(page, 'api-key-node-scope-refused');
    await dialog.getByRole('checkbox', { name: 'Peer node' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Write' }).uncheck();
    await dialog.getByRole('button', { name: 'Create' }).click();

    const reveal = page.getByRole('dialog', { name: 'Your new API key' });
    await reveal.waitFor();
    // The form's Create button, which had focus, is gone: focus is in the dialog that replaced it, not on <body>.
    await expect.poll(() => reveal.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    secret = ((await reveal.getByTestId('api-key-secret').textContent()) ?? '').trim();
    expect(secret.length).toBeGreaterThanOrEqual(20);
    expect(await reveal.textContent()).toContain('You will not see this again');
    await settle(page);
    await screenshot(page, 'api-key-secret');

    const response = await fetch(`${server.baseUrl}/api/v1/organisations?limit=200&q=${encodeURIComponent(orgName)}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(200);
    const page1 = (await response.json()) as { items: Organisation[] };
    expect(page1.items.map((o) => o.name)).toContain(orgName);

    await reveal.getByRole('button', { name: 'Done' }).click();
    await reveal.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    const row = page.getByRole('row').filter({ hasText: keyName });
    await row.waitFor();
    expect(await row.textContent()).toContain(secret.slice(0, 6));
  });

  it('revokes the API key after confirmation, and the key is refused', async () => {
    await page.getByRole('button', { name: `Revoke ${keyName}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke API key' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await confirm.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: keyName });
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain('Revoked');
    expect(await page.getByRole('button', { name: `Revoke ${keyName}` }).count()).toBe(0);

    const response = await fetch(`${server.baseUrl}/api/v1/organisations`, { headers: { authorization: `Bearer ${secret}` } });
    expect(response.status).toBe(401);
    const problem = (await response.json()) as { code: string };
    expect(problem.code).toBe('unauthenticated');
  });

  it('creates, edits and deletes a sharing community with member organisations', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Sharing communities' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sharing communities' }).waitFor();
    await page.getByRole('button', { name: 'New community' }).click();
    const dialog = page.getByRole('dialog', { name: 'New sharing community' });
    await dialog.waitFor();
    await dialog.getByLabel(/^Name/).fill(communityName);
    await dialog.getByLabel('Description').fill('Created by the end-to-end tests.');
    await dialog.getByRole('textbox', { name: 'Member organisations' }).fill(orgName.slice(0, 20));
    await page.getByRole('option', { name: orgName }).click();
    await dialog.getByRole('heading', { name: 'New sharing community' }).click(); // close the dropdown
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: communityName });
    await row.waitFor();
    expect(await row.textContent()).toContain(orgName);
    // The owner organisation is always a member, so: the secretariat and the new organisation.
    expect(await row.textContent()).toContain('2 organisations');

    await page.getByRole('button', { name: `Edit ${communityName}` }).click();
    const edit = page.getByRole('dialog', { name: 'Edit sharing community' });
    await edit.waitFor();
    await edit.getByLabel('Description').fill('Edited by the end-to-end tests.');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain('Edited by the end-to-end tests.');

    await page.getByRole('button', { name: `Delete ${communityName}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete sharing community' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(async () => page.getByRole('row').filter({ hasText: communityName }).count(), { timeout: 10_000 }).toBe(0);
  });

  it('shows the creation events in the audit log, with details and a verified chain', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    const actions = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    for (const action of ['organisation.create', 'user.create', 'apikey.create', 'apikey.revoke', 'community.create']) {
      expect(actions, `audit actions: ${actions.join(', ')}`).toContain(action);
    }

    // Filter by action, then expand the organisation's event to see its summary and hash.
    await page.getByLabel('Action').fill('organisation.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(async () => (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))).every((a) => a === 'organisation.create'), {
        timeout: 10_000,
      })
      .toBe(true);
    const orgRow = rows.filter({ hasText: 'organisation' }).first();
    const toggle = orgRow.getByRole('button');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const summaries = await page.getByTestId('audit-summary').allTextContents();
    expect(summaries.join('\n')).toContain('{');
    expect(await page.getByText(/Hash:/).count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('The audit chain is intact');
    await settle(page);
    await screenshot(page, 'audit-log');
  });

  it('fits the audit log beside the navigation on a 1280-pixel screen, in English and Thai', async () => {
    // Its seven columns ran 92 pixels off the right edge at 1280 px (a table 1,080 pixels wide at least).
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      for (const name of ['English', 'ไทย'] as const) {
        await switchLanguage(page, name);
        await page.goto('/admin/audit');
        await page.getByTestId('audit-row').first().waitFor();
        await settle(page);
        const overflow = await page.getByTestId('audit-table').evaluate((table) => {
          const region = table.closest('[role="region"]') as HTMLElement;
          return region.scrollWidth - region.clientWidth;
        });
        expect(overflow, name).toBeLessThanOrEqual(0);
        await screenshot(page, `audit-log-1280-${name === 'English' ? 'en' : 'th'}`);
      }
    } finally {
      await switchLanguage(page, 'English');
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('suspends and reactivates the organisation with confirmation', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: orgName });
    await row.waitFor();
    await page.getByRole('button', { name: `Suspend ${orgName}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Suspend organisation' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Suspend' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain('Suspended');

    await page.getByRole('button', { name: `Reactivate ${orgName}` }).click();
    const again = page.getByRole('dialog', { name: 'Reactivate organisation' });
    await again.getByRole('button', { name: 'Reactivate' }).click();
    await again.waitFor({ state: 'detached' });
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).toContain('Active');
    await settle(page);
    await screenshot(page, 'organisations');
  });
});
