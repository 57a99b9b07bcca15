import type { UserRole } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import type { UsersTable } from '../../db/schema.js';
import { appendAudit } from '../../platform/audit/index.js';
import { ANONYMOUS } from '../../platform/auth/index.js';
import { generatePassword, hashPassword } from '../../platform/crypto.js';
import { newId, nowIso } from '../../platform/ids.js';
import { DEMO_EXTRA_ROLES, DEMO_ORGANISATIONS, DEMO_ROLES_EVERYWHERE, DEMO_SECRETARIAT } from './demo-organisations.js';
import { rememberDemoWorld, rememberPendingDemoReports, type PendingDemoReports } from './demo-pending.js';
import { communityNameKey } from '../communities/index.js';

export const DEMO_ADMIN_EMAIL = 'admin@gpos.demo';

export interface DemoSeedResult {
  seeded: boolean;
  password: string | null;
  organisations: number;
  users: number;
  communities: number;
}

const DEMO_COMMUNITIES = [
  {
    name: 'Mekong Scam Compound Task Force',
    description: 'Police, FIUs and NGOs of the Mekong region working on scam compounds and trafficking.',
    owner: 'th-ccib',
    members: ['th-amlo', 'kh-police', 'la-fiu', 'mm-ngo', 'vn-police', 'cn-police', 'at-unodc', 'fr-interpol'],
  },
  {
    name: 'Mule Account Circle',
    description: 'Banks, FIUs and exchanges sharing mule accounts and cash-out wallets.',
    owner: 'th-amlo',
    members: ['th-lotusbank', 'my-bank', 'in-bank', 'br-bank', 'de-bank', 'za-bank', 'sg-exchange', 'kr-fiu', 'ca-fiu'],
  },
];

/**
 * Creates the demo world once: the partner organisations, people in every role, and two sharing
 * communities. Idempotent — a database that already has organisations is left alone. Every demo account
 * shares one password (DEMO_PASSWORD, or a generated one returned to be printed once), hashed once.
 */
export async function seedDemoWorld(
  deps: Pick<ServerDeps, 'db' | 'engine'>,
  options: { password: string | null; /** The synthetic reports that will follow: remembered with the world, so an interrupted start finishes them (demo-pending.ts). */ reports?: PendingDemoReports },
): Promise<DemoSeedResult> {
  const { db, engine } = deps;
  const existing = await db.selectFrom('organisations').select('id').limit(1).execute();
  if (existing.length > 0) return { seeded: false, password: null, organisations: 0, users: 0, communities: 0 };

  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const now = nowIso();
  const orgIds = new Map(DEMO_ORGANISATIONS.map((org) => [org.slug, newId()]));
  const idOf = (slug: string) => orgIds.get(slug) ?? (() => { throw new Error(`demo organisation ${slug} is not defined`); })();

  const users: UsersTable[] = [];
  const person = (slug: string, email: string, role: UserRole, name: string, locale = 'en') =>
    users.push({
      id: newId(),
      organisation_id: idOf(slug),
      email,
      display_name: name,
      role,
      status: 'active',
      locale,
      password_hash: passwordHash,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });
  person(DEMO_SECRETARIAT.slug, DEMO_ADMIN_EMAIL, 'platform_admin', 'Secretariat Administrator');
  for (const org of DEMO_ORGANISATIONS) {
    const roles = [...DEMO_ROLES_EVERYWHERE, ...(DEMO_EXTRA_ROLES[org.slug] ?? [])];
    for (const role of roles) {
      const label = role.replace('_', ' ');
      person(org.slug, `${role.replace('_', '-')}@${org.slug}.demo`, role, `${org.shortName} ${label}`, org.country === 'TH' ? 'th' : 'en');
    }
  }

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisations')
      .values(
        DEMO_ORGANISATIONS.map((org, index) => ({
          id: idOf(org.slug),
          name: org.name,
          short_name: org.shortName,
          type: org.type,
          country: org.country,
          status: 'active',
          // Bangkok, December 2025: the joint statement; partners joined over the following months.
          joined_at: new Date(Date.UTC(2025, 11, 16) + index * 4 * 86_400_000).toISOString(),
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    for (let i = 0; i < users.length; i += 100) await trx.insertInto('users').values(users.slice(i, i + 100)).execute();
    for (const community of DEMO_COMMUNITIES) {
      const id = newId();
      await trx
        .insertInto('communities')
        .values({ id, name: community.name, name_key: communityNameKey(community.name), description: community.description, owner_organisation_id: idOf(community.owner), created_at: now, updated_at: now })
        .execute();
      await trx
        .insertInto('community_members')
        .values([community.owner, ...community.members].map((slug) => ({ community_id: id, organisation_id: idOf(slug), joined_at: now })))
        .execute();
    }
    await rememberDemoWorld(trx);
    if (options.reports && options.reports.reports > 0) await rememberPendingDemoReports(trx, options.reports);
    await appendAudit(trx, engine, { actor: ANONYMOUS, requestId: null }, {
      action: 'demo.seed',
      summary: { organisations: DEMO_ORGANISATIONS.length, users: users.length, communities: DEMO_COMMUNITIES.length },
    });
  });
  return { seeded: true, password, organisations: DEMO_ORGANISATIONS.length, users: users.length, communities: DEMO_COMMUNITIES.length };
}
