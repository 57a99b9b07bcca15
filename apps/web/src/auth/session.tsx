import { createContext, useContext, type ReactNode } from 'react';
import type { Locale, Me } from '@gpos/contracts';

const SessionContext = createContext<Me | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}

/** The signed-in principal; only valid below `RequireAuth`. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession() used outside a signed-in route');
  return me;
}

/**
 * A language picked on the sign-in page, before there is a profile to save it to. Applied to the profile
 * right after sign-in so the choice is not lost.
 */
let pendingLocale: Locale | null = null;

export function setPendingLocale(locale: Locale | null): void {
  pendingLocale = locale;
}

export function takePendingLocale(): Locale | null {
  const locale = pendingLocale;
  pendingLocale = null;
  return locale;
}
