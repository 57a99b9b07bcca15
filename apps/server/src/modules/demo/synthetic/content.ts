/**
 * The words of the synthetic world: scam-type profiles (channels, losses, what identifiers a report of
 * that type carries), brand names networks hide behind, lure paths, and short narratives in English and
 * Thai. Brands are fictional (built from syllables, or mimicking the FICTIONAL demo partners such as
 * "Lotus Commercial Bank") so no real company's name ends up in a scam domain.
 */
import type { Channel, ScamType } from '@gpos/contracts';
import type { ChatPlatform } from './geography.js';
import type { Rng } from './prng.js';

export type NetworkScamType = Exclude<ScamType, 'other'>;

export interface ScamProfile {
  /** Share of criminal networks specialising in this type (big ones are reweighted, see world.ts). */
  networkWeight: number;
  /** Share among one-off (noise) reports. */
  noiseWeight: number;
  channels: readonly (readonly [Channel, number])[];
  /** Median loss in US dollars before the country factor, and log-space sigma. */
  medianUsd: number;
  sigma: number;
  /** Probability that the victim lost nothing (attempt reported). */
  attempted: number;
  /** Probability that the payment went to a crypto wallet rather than a bank account. */
  crypto: number;
  /** Extra identifiers beyond contact and payment, by weight. */
  extras: readonly (readonly [ExtraKind, number])[];
  /** Paths of landing pages. */
  paths: readonly string[];
  brandHeads: readonly string[];
  brandTails: readonly string[];
  domainWords: readonly string[];
}

export type ExtraKind = 'phone' | 'chat' | 'social' | 'url' | 'domain' | 'email' | 'app' | 'wallet' | 'bank';

export const SCAM_PROFILES: Record<NetworkScamType, ScamProfile> = {
  investment: {
    networkWeight: 22, noiseWeight: 14,
    channels: [['messaging_app', 4], ['social_media', 3], ['dating_app', 1], ['website', 1]],
    medianUsd: 9000, sigma: 1.5, attempted: 0.07, crypto: 0.55,
    extras: [['url', 5], ['chat', 3], ['app', 2], ['wallet', 2], ['bank', 2], ['social', 1], ['domain', 1]],
    paths: ['/register', '/#/login', '/h5/#/pages/login/index', '/download', '/invite', '/trade', '/m/#/'],
    brandHeads: ['coin', 'bit', 'gold', 'star', 'nova', 'apex', 'prime', 'dragon', 'royal', 'quant', 'alpha', 'orient', 'jade', 'vertex', 'nexus', 'titan', 'aurora', 'falcon', 'crown', 'silk'],
    brandTails: ['vista', 'ex', 'hub', 'flow', 'mint', 'chain', 'wave', 'gate', 'port', 'ora', 'pro', 'max', 'one', 'verse', 'fi', 'trade'],
    domainWords: ['vip', 'pro', 'global', 'app', 'invest', 'fx', 'trade', 'asia', 'exchange', 'wallet'],
  },
  romance: {
    networkWeight: 13, noiseWeight: 9,
    channels: [['dating_app', 4], ['social_media', 3], ['messaging_app', 2]],
    medianUsd: 7000, sigma: 1.4, attempted: 0.08, crypto: 0.35,
    extras: [['chat', 4], ['social', 3], ['phone', 2], ['url', 2], ['wallet', 1], ['bank', 1]],
    paths: ['/', '/profile', '/invite', '/app/download'],
    brandHeads: ['love', 'heart', 'sweet', 'soul', 'match', 'cupid', 'pearl', 'moon'],
    brandTails: ['match', 'date', 'mate', 'link', 'connect', 'club', 'kiss'],
    domainWords: ['date', 'vip', 'asia', 'chat', 'love', 'meet'],
  },
  job: {
    networkWeight: 14, noiseWeight: 10,
    channels: [['messaging_app', 5], ['social_media', 3], ['sms', 1]],
    medianUsd: 1200, sigma: 1.3, attempted: 0.09, crypto: 0.3,
    extras: [['chat', 4], ['url', 3], ['bank', 2], ['phone', 1], ['wallet', 1]],
    paths: ['/task', '/signup', '/order', '/#/mission', '/recharge'],
    brandHeads: ['task', 'job', 'work', 'earn', 'click', 'easy', 'smart', 'rating'],
    brandTails: ['hub', 'pro', 'go', 'plus', 'jobs', 'boost', 'mall'],
    domainWords: ['task', 'work', 'earn', 'vip', 'mall', 'order'],
  },
  impersonation: {
    networkWeight: 11, noiseWeight: 12,
    channels: [['call', 6], ['sms', 2], ['messaging_app', 2]],
    medianUsd: 3500, sigma: 1.4, attempted: 0.1, crypto: 0.05,
    extras: [['phone', 3], ['chat', 2], ['url', 1], ['bank', 2]],
    paths: ['/verify', '/case', '/e-service/login', '/check'],
    brandHeads: ['gov', 'police', 'customs', 'tax', 'court', 'cyber', 'revenue', 'immigration'],
    brandTails: ['check', 'verify', 'portal', 'service', 'center', 'online'],
    domainWords: ['gov', 'online', 'secure', 'case', 'service'],
  },
  parcel: {
    networkWeight: 7, noiseWeight: 10,
    channels: [['sms', 5], ['call', 3], ['messaging_app', 1]],
    medianUsd: 45, sigma: 1, attempted: 0.15, crypto: 0,
    extras: [['url', 4], ['phone', 1], ['domain', 1]],
    paths: ['/track', '/redelivery', '/pay', '/parcel/confirm', '/address/update'],
    brandHeads: ['parcel', 'express', 'cargo', 'post', 'delivery', 'track', 'swift'],
    brandTails: ['hub', 'line', 'go', 'now', 'asia', 'way', 'ship'],
    domainWords: ['track', 'delivery', 'redelivery', 'post', 'parcel', 'fee'],
  },
  loan: {
    networkWeight: 6, noiseWeight: 8,
    channels: [['social_media', 3], ['website', 2], ['sms', 2], ['messaging_app', 2]],
    medianUsd: 250, sigma: 1, attempted: 0.1, crypto: 0.02,
    extras: [['app', 3], ['url', 3], ['phone', 1], ['chat', 1]],
    paths: ['/apply', '/download.apk', '/loan/approve', '/fee'],
    brandHeads: ['easy', 'fast', 'quick', 'cash', 'instant', 'happy', 'sun'],
    brandTails: ['loan', 'money', 'credit', 'cash', 'pay', 'fund'],
    domainWords: ['loan', 'credit', 'apply', 'cash', 'app'],
  },
  shopping: {
    networkWeight: 8, noiseWeight: 14,
    channels: [['social_media', 5], ['website', 3]],
    medianUsd: 150, sigma: 1.1, attempted: 0.08, crypto: 0.02,
    extras: [['social', 3], ['url', 3], ['chat', 1], ['bank', 1]],
    paths: ['/product/sale', '/checkout', '/shop', '/flash-sale', '/order/pay'],
    brandHeads: ['mega', 'flash', 'super', 'daily', 'happy', 'best', 'smart'],
    brandTails: ['sale', 'mall', 'shop', 'deal', 'store', 'mart'],
    domainWords: ['sale', 'shop', 'outlet', 'deal', 'store'],
  },
  tech_support: {
    networkWeight: 4, noiseWeight: 5,
    channels: [['call', 4], ['website', 3], ['email', 2]],
    medianUsd: 1500, sigma: 1.2, attempted: 0.12, crypto: 0.1,
    extras: [['phone', 2], ['url', 2], ['email', 2]],
    paths: ['/support', '/remote', '/alert', '/help/ticket'],
    brandHeads: ['win', 'pc', 'secure', 'cloud', 'device', 'cyber', 'shield'],
    brandTails: ['support', 'help', 'fix', 'care', 'desk', 'guard'],
    domainWords: ['support', 'alert', 'help', 'secure'],
  },
  sextortion: {
    networkWeight: 4, noiseWeight: 6,
    channels: [['social_media', 3], ['messaging_app', 3], ['dating_app', 2], ['email', 1]],
    medianUsd: 600, sigma: 1, attempted: 0.12, crypto: 0.3,
    extras: [['social', 3], ['chat', 2], ['wallet', 1], ['email', 1]],
    paths: ['/', '/live', '/room'],
    brandHeads: ['private', 'secret', 'cam', 'meet', 'night'],
    brandTails: ['chat', 'cam', 'live', 'room', 'date'],
    domainWords: ['live', 'cam', 'chat', 'vip'],
  },
  phishing: {
    networkWeight: 5, noiseWeight: 12,
    channels: [['sms', 5], ['email', 4], ['website', 1]],
    medianUsd: 300, sigma: 1.6, attempted: 0.2, crypto: 0.02,
    extras: [['url', 4], ['domain', 2], ['email', 2], ['phone', 1]],
    paths: ['/login', '/verify', '/secure/update', '/account/confirm', '/otp'],
    // Mimics the fictional demo partners (Lotus Commercial Bank, Straits Harmony Bank, Elephant Mobile…).
    brandHeads: ['lotus', 'straits', 'ganges', 'capeunion', 'rheinland', 'tropical', 'merlion', 'elephant', 'savannah'],
    brandTails: ['bank', 'pay', 'secure', 'online', 'verify', 'mobile'],
    domainWords: ['secure', 'verify', 'login', 'update', 'auth', 'account'],
  },
};

export const NETWORK_SCAM_TYPES = Object.keys(SCAM_PROFILES) as NetworkScamType[];

export const TLDS: readonly (readonly [string, number])[] = [['com', 4], ['top', 3], ['xyz', 2], ['vip', 2], ['cc', 2], ['net', 1], ['shop', 1]];

export const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com'] as const;

export const UTM_SOURCES = ['facebook', 'tiktok', 'google', 'line', 'telegram', 'sms', 'instagram'] as const;

// --------------------------------------------------------------------------------------- narratives

export interface NarrativeSlots {
  persona: string;
  platform: string;
  brand: string;
  amount: string;
}

type Template = (s: NarrativeSlots) => string;

const EN: Record<NetworkScamType, readonly Template[]> = {
  investment: [
    (s) => `Met "${s.persona}" via ${s.platform}, who coached the victim to trade on ${s.brand}. Deposited ${s.amount} over several transfers; withdrawals were blocked pending a "tax" fee.`,
    (s) => `Victim was added to a ${s.platform} investment group promising 30% monthly returns on ${s.brand}. Paid ${s.amount}; the account was frozen on the first withdrawal request.`,
    (s) => `Fake trading app ${s.brand} showed large profits. Victim transferred ${s.amount} to accounts given by "customer service" and could not withdraw.`,
  ],
  romance: [
    (s) => `Online relationship with "${s.persona}" started via ${s.platform}. After weeks of chatting the victim sent ${s.amount} for a claimed medical emergency and customs fees.`,
    (s) => `Victim befriended "${s.persona}" via ${s.platform}, who later introduced a crypto opportunity on ${s.brand}. Lost ${s.amount}.`,
  ],
  job: [
    (s) => `Offered a part-time job via ${s.platform} rating products on ${s.brand}. Had to prepay ${s.amount} in "task deposits" to unlock commissions.`,
    (s) => `Recruiter "${s.persona}" (contacted via ${s.platform}) promised daily pay for liking videos; victim paid ${s.amount} to upgrade to VIP tasks.`,
  ],
  impersonation: [
    (s) => `Contacted via ${s.platform} by someone claiming to be a police officer, who said the victim's account was linked to money laundering and ordered a transfer of ${s.amount} to a "safe account".`,
    (s) => `A supposed courier passed the victim to a fake officer; contact was via ${s.platform} and the victim transferred ${s.amount} for "verification".`,
  ],
  parcel: [
    (s) => `SMS said a parcel was held for unpaid fees and linked to a payment page. Card details were entered and ${s.amount} was charged.`,
    (s) => `Message about a failed delivery asked for a redelivery fee; victim paid ${s.amount} on a fake ${s.brand} page.`,
  ],
  loan: [
    (s) => `Loan app ${s.brand} demanded an upfront processing fee of ${s.amount}; no loan was paid out and the victim's contacts were harassed.`,
    (s) => `Advert seen via ${s.platform} for instant loans. Victim paid ${s.amount} in "insurance" and "tax" before the lender disappeared.`,
  ],
  shopping: [
    (s) => `Bought goods advertised via ${s.platform} at a large discount and paid ${s.amount} by bank transfer; nothing was delivered.`,
    (s) => `Flash-sale site ${s.brand} took ${s.amount}; the seller blocked the victim after payment.`,
  ],
  tech_support: [
    (s) => `A pop-up warned of a virus and gave a support number. The "technician" got remote access and ${s.amount} was taken from online banking.`,
    (s) => `Someone from "${s.brand}" (contact via ${s.platform}) claimed the computer was hacked; victim installed remote-access software and lost ${s.amount}.`,
  ],
  sextortion: [
    (s) => `After a video call with "${s.persona}", met via ${s.platform}, the victim was threatened with release of intimate images and paid ${s.amount}.`,
  ],
  phishing: [
    (s) => `Message said the bank account was suspended. Credentials and OTP were entered on a fake ${s.brand} page and ${s.amount} was withdrawn.`,
    (s) => `E-mail asked to confirm account details on ${s.brand}; unauthorised transfers of ${s.amount} followed.`,
  ],
};

const EN_ATTEMPT: Template[] = [
  (s) => `Approached by "${s.persona}" via ${s.platform} with an offer involving ${s.brand}; the victim became suspicious and paid nothing.`,
  (s) => `Suspicious contact via ${s.platform} reported before any payment; it referred to ${s.brand}.`,
];

const TH: Record<NetworkScamType, readonly Template[]> = {
  investment: [
    (s) => `ถูกชักชวนผ่าน ${s.platform} ให้ลงทุนในแอป ${s.brand} โอนเงินไปทั้งหมด ${s.amount} แต่ไม่สามารถถอนเงินได้`,
    (s) => `รู้จักกับ "${s.persona}" ทาง ${s.platform} แนะนำให้เทรดผ่าน ${s.brand} โอนเงิน ${s.amount} และถูกเรียกเก็บภาษีก่อนถอน`,
  ],
  romance: [(s) => `รู้จักกับ "${s.persona}" ทาง ${s.platform} คุยกันหลายสัปดาห์ จากนั้นถูกขอให้โอนเงิน ${s.amount} อ้างว่าเป็นค่าธรรมเนียมศุลกากร`],
  job: [(s) => `ได้รับข้อเสนองานออนไลน์ทาง ${s.platform} ให้ทำภารกิจกดไลก์ ต้องโอนเงินมัดจำ ${s.amount} แต่ไม่ได้รับค่าคอมมิชชั่น`],
  impersonation: [(s) => `มีคนโทรมาอ้างเป็นเจ้าหน้าที่ตำรวจ แจ้งว่าบัญชีพัวพันกับการฟอกเงิน ให้โอนเงิน ${s.amount} ไปยังบัญชีเพื่อตรวจสอบ`],
  parcel: [(s) => `ได้รับ SMS แจ้งว่าพัสดุตกค้าง ให้ชำระค่าธรรมเนียมผ่านลิงก์ ถูกหักเงิน ${s.amount}`],
  loan: [(s) => `แอปเงินกู้ ${s.brand} เรียกเก็บค่าธรรมเนียมล่วงหน้า ${s.amount} แต่ไม่ได้รับเงินกู้`],
  shopping: [(s) => `สั่งซื้อสินค้าจากเพจใน ${s.platform} โอนเงิน ${s.amount} แต่ไม่ได้รับสินค้า`],
  tech_support: [(s) => `มีคนโทรมาอ้างเป็นฝ่ายเทคนิคของ ${s.brand} ให้ติดตั้งโปรแกรมควบคุมเครื่อง ถูกโอนเงินออกจากบัญชี ${s.amount}`],
  sextortion: [(s) => `หลังวิดีโอคอลกับ "${s.persona}" ทาง ${s.platform} ถูกข่มขู่ว่าจะเผยแพร่ภาพ ต้องโอนเงิน ${s.amount}`],
  phishing: [(s) => `ได้รับข้อความว่าบัญชีธนาคารถูกระงับ กรอกข้อมูลในเว็บปลอม ${s.brand} ถูกถอนเงิน ${s.amount}`],
};

const TH_ATTEMPT: Template[] = [(s) => `ได้รับการติดต่อที่น่าสงสัยทาง ${s.platform} อ้างชื่อ ${s.brand} ผู้เสียหายไม่ได้โอนเงิน`];

export function narrativeFor(type: NetworkScamType, language: 'en' | 'th', lost: boolean, slots: NarrativeSlots, rng: Rng): string {
  const templates = lost ? (language === 'th' ? TH : EN)[type] : language === 'th' ? TH_ATTEMPT : EN_ATTEMPT;
  return rng.pick(templates)(slots);
}

export const PLATFORM_LABELS: Record<ChatPlatform | 'facebook' | 'instagram' | 'dating' | 'sms' | 'phone' | 'web' | 'email', string> = {
  line: 'LINE', telegram: 'Telegram', whatsapp: 'WhatsApp', wechat: 'WeChat', zalo: 'Zalo', facebook: 'Facebook',
  instagram: 'Instagram', dating: 'a dating app', sms: 'SMS', phone: 'a phone call', web: 'a website', email: 'e-mail',
};
