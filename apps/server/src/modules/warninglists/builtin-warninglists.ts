import type { IndicatorType } from '@gpos/contracts';

/**
 * Known-benign identifiers shipped with GPOS. They are never flagged as scam indicators and never link
 * reports: a scam link on t.me or a phishing page on a big cloud host names a platform's own domain, which
 * would otherwise join thousands of unrelated reports into one "network". Values are canonical forms.
 */
export interface BuiltinWarninglist {
  name: string;
  description: string;
  entries: { type: IndicatorType; value: string; note?: string }[];
}

const domains = (list: string[], note: string) => list.map((value) => ({ type: 'domain' as const, value, note }));

export const BUILTIN_WARNINGLISTS: BuiltinWarninglist[] = [
  {
    name: 'Major platforms and messaging services',
    description: 'Domains of the platforms scammers abuse; the accounts and links on them are indicators, the platforms are not.',
    entries: domains(
      [
        'facebook.com', 'fb.com', 'instagram.com', 'whatsapp.com', 'wa.me', 'messenger.com', 'threads.net',
        'line.me', 'line.naver.jp', 't.me', 'telegram.me', 'telegram.org', 'tiktok.com', 'douyin.com',
        'x.com', 'twitter.com', 'youtube.com', 'youtu.be', 'google.com', 'play.google.com', 'apple.com',
        'apps.apple.com', 'microsoft.com', 'linkedin.com', 'wechat.com', 'weixin.qq.com', 'qq.com',
        'zalo.me', 'viber.com', 'signal.org', 'kakao.com', 'discord.com', 'discord.gg', 'reddit.com',
        'snapchat.com', 'pinterest.com', 'weibo.com', 'shopee.com', 'lazada.com', 'amazon.com', 'ebay.com',
        'paypal.com', 'wise.com', 'binance.com', 'coinbase.com',
      ],
      'platform',
    ),
  },
  {
    name: 'Mailbox providers',
    description: 'Free e-mail providers: their domains say nothing about the sender.',
    entries: domains(
      ['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'proton.me', 'protonmail.com', 'mail.ru', 'yandex.ru', '163.com', '126.com', 'naver.com', 'gmx.de', 'aol.com'],
      'mailbox provider',
    ),
  },
  {
    name: 'Hosting, shortener and cloud platforms',
    description: 'Shared hosting and redirect services: the full URL on them is an indicator, the service domain is not.',
    entries: domains(
      ['bit.ly', 'tinyurl.com', 'cutt.ly', 'rebrand.ly', 't.co', 'goo.gl', 'linktr.ee', 'github.io', 'vercel.app', 'netlify.app', 'pages.dev', 'workers.dev', 'web.app', 'firebaseapp.com', 'blogspot.com', 'wordpress.com', 'wixsite.com', 'weebly.com', 'sites.google.com', 'drive.google.com', 'docs.google.com', 'forms.gle', 'dropbox.com', 'amazonaws.com', 'cloudfront.net', 'azurewebsites.net', 'herokuapp.com', 'ngrok.io', 'ngrok-free.app'],
      'shared service',
    ),
  },
  {
    name: 'Public DNS resolvers and shared infrastructure',
    description: 'Addresses every device talks to; seeing one in a report links nothing.',
    entries: [
      ['8.8.8.8', 'Google Public DNS'], ['8.8.4.4', 'Google Public DNS'], ['1.1.1.1', 'Cloudflare DNS'], ['1.0.0.1', 'Cloudflare DNS'],
      ['9.9.9.9', 'Quad9'], ['149.112.112.112', 'Quad9'], ['208.67.222.222', 'OpenDNS'], ['208.67.220.220', 'OpenDNS'],
      ['2001:4860:4860::8888', 'Google Public DNS'], ['2001:4860:4860::8844', 'Google Public DNS'], ['2606:4700:4700::1111', 'Cloudflare DNS'],
      ['127.0.0.1', 'loopback'], ['0.0.0.0', 'unspecified'], ['::1', 'loopback'],
    ].map(([value, note]) => ({ type: 'ip' as const, value: value!, note: note! })),
  },
];
