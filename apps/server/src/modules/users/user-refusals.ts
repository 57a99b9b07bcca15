/**
 * The refusals that keep the platform administrable and a person's own standing out of their own hands:
 * coded texts, so the web app says them in its reader's language (locale files, group `refusal`) rather
 * than in the server's English. The console prints the English.
 */
import { textCatalogue } from '../../platform/coded-text.js';

export const USER_REFUSALS = {
  /** `email`: the person a demotion or suspension would take the last platform admin from. */
  'refusal.last_platform_admin':
    '{{email}} is the last active platform admin: demoted or suspended, they would leave no one to administer the platform. Make another person of their organisation a platform admin first',
  /** `organisation`: the name of the organisation a suspension would take every platform admin from. */
  'refusal.last_platform_admins_organisation':
    '{{organisation}} holds every active platform admin: suspended, it would sign them all out and leave no one to administer the platform',
  /** `email`: the person an API key they created would change. */
  'refusal.own_role_or_status_by_key':
    'This API key was created by {{email}}, the person it would change: no one changes their own role or status, with a key of theirs neither; ask another admin',
} as const;

export const userRefusals = textCatalogue(USER_REFUSALS);
