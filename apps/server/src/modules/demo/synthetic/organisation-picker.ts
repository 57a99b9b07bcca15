import type { OrganisationType } from '@gpos/contracts';
import { regionOf, type Region } from './geography.js';
import { Weighted, type Rng } from './prng.js';
import type { SyntheticOrganisation } from './world.js';

/** Organisation types, by how often they file scam reports about victims of their own country. */
const REPORTER_TYPE_WEIGHT: Record<OrganisationType, number> = {
  law_enforcement: 6, bank: 4, fiu: 2, telco: 2, regulator: 1, platform: 1, crypto_exchange: 1, civil_society: 1,
  ministry: 0.5, international_org: 0.5, academia: 0.2,
};

/** Which partner files a report about a victim in a given country: mostly a partner of that country. */
export class OrganisationPicker {
  private readonly byCountry = new Map<string, Weighted<number> | null>();
  private readonly elsewhere = new Map<Region | 'none', Weighted<number>>();
  private readonly global: Weighted<number> | null;

  constructor(private readonly organisations: readonly SyntheticOrganisation[]) {
    const global: [number, number][] = [];
    organisations.forEach((org, i) => {
      if (org.type === 'platform' || org.type === 'crypto_exchange' || org.type === 'international_org') global.push([i, 1]);
    });
    this.global = global.length > 0 ? new Weighted(global) : null;
  }

  pick(country: string, rng: Rng): SyntheticOrganisation {
    const u = rng.float();
    let choice: Weighted<number> | null = null;
    // Platforms, exchanges and international bodies report victims everywhere.
    if (u < 0.08) choice = this.global;
    choice ??= this.inCountry(country) ?? this.outside(regionOf(country) ?? 'none');
    return this.organisations[choice.sample(rng)] as SyntheticOrganisation;
  }

  private inCountry(country: string): Weighted<number> | null {
    let cached = this.byCountry.get(country);
    if (cached === undefined) {
      const entries: [number, number][] = [];
      this.organisations.forEach((org, i) => {
        if (org.country === country) entries.push([i, REPORTER_TYPE_WEIGHT[org.type]]);
      });
      cached = entries.length > 0 ? new Weighted(entries) : null;
      this.byCountry.set(country, cached);
    }
    return cached;
  }

  /** No partner in the victim's country: international bodies, then partners of the same region. */
  private outside(region: Region | 'none'): Weighted<number> {
    let cached = this.elsewhere.get(region);
    if (!cached) {
      const entries: [number, number][] = [];
      this.organisations.forEach((org, i) => {
        let weight = 0;
        if (org.type === 'international_org') weight += 3;
        if (org.type === 'platform' || org.type === 'crypto_exchange') weight += 1;
        if (region !== 'none' && regionOf(org.country) === region) weight += REPORTER_TYPE_WEIGHT[org.type] / 2;
        if (weight > 0) entries.push([i, weight]);
      });
      cached = new Weighted(entries.length > 0 ? entries : this.organisations.map((_, i) => [i, 1] as [number, number]));
      this.elsewhere.set(region, cached);
    }
    return cached;
  }
}
