/**
 * The server's permissions for network discovery, by name (the server's table is the only authority;
 * `Me.permissions` lists the ones the signed-in user holds).
 */
import type { Me } from '@gpos/contracts';

export const NETWORK_PERMISSIONS = {
  read: 'networks.read',
  decide: 'networks.decide',
} as const;

export function canNetworks(me: Me | null | undefined, action: keyof typeof NETWORK_PERMISSIONS): boolean {
  return Boolean(me?.permissions.includes(NETWORK_PERMISSIONS[action]));
}
