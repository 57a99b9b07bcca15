import type { OrganisationType } from '@gpos/contracts';

/**
 * The demo world's partners: fictional names over 28 countries and every organisation type, shaped like
 * the real partnership (ministries, police cybercrime units, FIUs, central banks, banks, telcos,
 * platforms, an exchange, UNODC- and INTERPOL-like bodies, NGOs). `slug` makes the demo emails.
 */
export interface DemoOrganisation {
  slug: string;
  name: string;
  shortName: string;
  type: OrganisationType;
  country: string;
}

export const DEMO_SECRETARIAT: DemoOrganisation = {
  slug: 'secretariat',
  name: 'GPOS Partnership Secretariat',
  shortName: 'GPOS-SEC',
  type: 'international_org',
  country: 'TH',
};

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  DEMO_SECRETARIAT,
  { slug: 'th-mfa', name: 'Ministry of Foreign Affairs of Siamland (demo)', shortName: 'SL-MFA', type: 'ministry', country: 'TH' },
  { slug: 'th-ccib', name: 'Cyber Crime Investigation Bureau of Siamland (demo)', shortName: 'SL-CCIB', type: 'law_enforcement', country: 'TH' },
  { slug: 'th-amlo', name: 'Anti-Money Laundering Office of Siamland (demo)', shortName: 'SL-AMLO', type: 'fiu', country: 'TH' },
  { slug: 'th-centralbank', name: 'Central Bank of Siamland (demo)', shortName: 'SL-CB', type: 'regulator', country: 'TH' },
  { slug: 'th-lotusbank', name: 'Lotus Commercial Bank (demo)', shortName: 'LOTUS', type: 'bank', country: 'TH' },
  { slug: 'th-elephantmobile', name: 'Elephant Mobile (demo)', shortName: 'ELEMOB', type: 'telco', country: 'TH' },
  { slug: 'kh-police', name: 'Mekong Kingdom National Police Cyber Unit (demo)', shortName: 'MK-NPCU', type: 'law_enforcement', country: 'KH' },
  { slug: 'la-fiu', name: 'Lanxang Financial Intelligence Unit (demo)', shortName: 'LX-FIU', type: 'fiu', country: 'LA' },
  { slug: 'mm-ngo', name: 'Golden Land Survivors Network (demo)', shortName: 'GLSN', type: 'civil_society', country: 'MM' },
  { slug: 'vn-police', name: 'Red River Cybersecurity Police (demo)', shortName: 'RR-CSP', type: 'law_enforcement', country: 'VN' },
  { slug: 'my-bank', name: 'Straits Harmony Bank (demo)', shortName: 'SHB', type: 'bank', country: 'MY' },
  { slug: 'sg-police', name: 'Lion City Anti-Scam Command (demo)', shortName: 'LC-ASC', type: 'law_enforcement', country: 'SG' },
  { slug: 'sg-exchange', name: 'Merlion Digital Asset Exchange (demo)', shortName: 'MDAX', type: 'crypto_exchange', country: 'SG' },
  { slug: 'id-regulator', name: 'Archipelago Financial Services Authority (demo)', shortName: 'AFSA', type: 'regulator', country: 'ID' },
  { slug: 'ph-telco', name: 'Seven Islands Telecom (demo)', shortName: 'SIT', type: 'telco', country: 'PH' },
  { slug: 'ph-embassy', name: 'Ministry of Migrant Workers of the Seven Islands (demo)', shortName: 'SI-MMW', type: 'ministry', country: 'PH' },
  { slug: 'cn-police', name: 'Middle Kingdom Public Security Cyber Bureau (demo)', shortName: 'MK-PSCB', type: 'law_enforcement', country: 'CN' },
  { slug: 'jp-police', name: 'Rising Sun National Police Cyber Division (demo)', shortName: 'RS-NPCD', type: 'law_enforcement', country: 'JP' },
  { slug: 'kr-fiu', name: 'Morning Calm Financial Intelligence Unit (demo)', shortName: 'MC-FIU', type: 'fiu', country: 'KR' },
  { slug: 'in-ministry', name: 'Ministry of Home Affairs of Bharatland — Cyber Coordination Centre (demo)', shortName: 'BL-C4', type: 'ministry', country: 'IN' },
  { slug: 'in-bank', name: 'Ganges Cooperative Bank (demo)', shortName: 'GCB', type: 'bank', country: 'IN' },
  { slug: 'bd-fiu', name: 'Delta Financial Intelligence Unit (demo)', shortName: 'DL-FIU', type: 'fiu', country: 'BD' },
  { slug: 'lk-police', name: 'Serendip Police CID Cyber Unit (demo)', shortName: 'SP-CID', type: 'law_enforcement', country: 'LK' },
  { slug: 'au-regulator', name: 'Southern Cross Competition and Consumer Commission (demo)', shortName: 'SCCC', type: 'regulator', country: 'AU' },
  { slug: 'nz-ngo', name: 'Long White Cloud Scam Helpline (demo)', shortName: 'LWC-SH', type: 'civil_society', country: 'NZ' },
  { slug: 'us-platform', name: 'Chatterbox Social Inc. (demo)', shortName: 'CHATTERBOX', type: 'platform', country: 'US' },
  { slug: 'us-police', name: 'Federal Internet Crime Center of Columbia (demo)', shortName: 'FICC', type: 'law_enforcement', country: 'US' },
  { slug: 'ca-fiu', name: 'Maple Financial Transactions Centre (demo)', shortName: 'MFTC', type: 'fiu', country: 'CA' },
  { slug: 'br-bank', name: 'Banco Tropical do Sul (demo)', shortName: 'BTS', type: 'bank', country: 'BR' },
  { slug: 'gb-platform', name: 'Albion Messaging Ltd (demo)', shortName: 'ALBMSG', type: 'platform', country: 'GB' },
  { slug: 'gb-regulator', name: 'Albion Financial Conduct Office (demo)', shortName: 'AFCO', type: 'regulator', country: 'GB' },
  { slug: 'de-bank', name: 'Rheinland Volksbank (demo)', shortName: 'RVB', type: 'bank', country: 'DE' },
  { slug: 'fr-police', name: 'Office Central de Lutte contre la Cybercriminalité de Gaule (demo)', shortName: 'OCLC-G', type: 'law_enforcement', country: 'FR' },
  { slug: 'nl-academia', name: 'Lowlands Institute for Fraud Research (demo)', shortName: 'LIFR', type: 'academia', country: 'NL' },
  { slug: 'at-unodc', name: 'United Nations Office on Scams and Crime (demo)', shortName: 'UNOSC', type: 'international_org', country: 'AT' },
  { slug: 'fr-interpol', name: 'International Criminal Police Network (demo)', shortName: 'ICPN', type: 'international_org', country: 'FR' },
  { slug: 'ae-fiu', name: 'Gulf Financial Intelligence Unit (demo)', shortName: 'GULF-FIU', type: 'fiu', country: 'AE' },
  { slug: 'ng-police', name: 'Niger Delta Economic Crimes Commission (demo)', shortName: 'NDECC', type: 'law_enforcement', country: 'NG' },
  { slug: 'ke-telco', name: 'Savannah Mobile Money (demo)', shortName: 'SAVMM', type: 'telco', country: 'KE' },
  { slug: 'rw-police', name: 'Thousand Hills Investigation Bureau (demo)', shortName: 'THIB', type: 'law_enforcement', country: 'RW' },
  { slug: 'za-bank', name: 'Cape Union Bank (demo)', shortName: 'CUB', type: 'bank', country: 'ZA' },
  { slug: 'ch-ngo', name: 'Alpine Coalition against Human Trafficking (demo)', shortName: 'ACHT', type: 'civil_society', country: 'CH' },
];

/** People created in every demo organisation, by role; the secretariat also gets the platform admin. */
export const DEMO_ROLES_EVERYWHERE = ['admin', 'analyst'] as const;
/** Extra roles in the partners where the demo scenarios of later modules happen. */
export const DEMO_EXTRA_ROLES: Record<string, readonly ('investigator' | 'victim_officer' | 'viewer')[]> = {
  'th-ccib': ['investigator', 'viewer'],
  'th-amlo': ['investigator'],
  'th-lotusbank': ['investigator', 'viewer'],
  'kh-police': ['investigator'],
  'ph-embassy': ['victim_officer'],
  'mm-ngo': ['victim_officer'],
  'in-ministry': ['investigator', 'victim_officer'],
  'sg-police': ['investigator'],
  'us-platform': ['viewer'],
  'at-unodc': ['victim_officer', 'viewer'],
  'fr-interpol': ['investigator'],
  'rw-police': ['investigator'],
};
