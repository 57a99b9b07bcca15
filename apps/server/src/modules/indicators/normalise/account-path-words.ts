/*
 * The path words of the platforms' own pages, by platform: a profile link whose first segment is one of
 * them names no account (account.normaliser.ts linkRest).
 */

// The platforms' own path words: read as handles, each would join every link of its kind into one account
// (all `t.me/contact/…` contact tokens as `telegram:contact`, every `facebook.com/me` as `facebook:me`).
// `contact/…` is a user's expiring contact token and `giftcode/…` a Premium gift: neither names an account
// the way a username or an invite does.
export const TELEGRAM_RESERVED = new Set([
  'addstickers', 'addemoji', 'share', 'proxy', 'socks', 'login', 'iv', 'setlanguage', 'addtheme', 'confirmphone',
  'c', 'boost', 'invoice', 'addlist', 'bg', 'm', 'contact', 'giftcode', 'nft',
]);
export const INSTAGRAM_RESERVED = new Set(['p', 'reel', 'reels', 'tv', 'explore', 'accounts', 'direct', 'about', 'legal', 'developer', 'web', 'challenge', 'share']);
export const FACEBOOK_RESERVED = new Set([
  'share', 'sharer', 'sharer.php', 'watch', 'events', 'marketplace', 'login', 'login.php', 'help', 'photo', 'photo.php',
  'photos', 'story.php', 'permalink.php', 'reel', 'reels', 'stories', 'hashtag', 'gaming', 'messages', 'notifications',
  'settings', 'friends', 'privacy', 'policies', 'ads', 'business', 'l.php', 'dialog', 'plugins', 'home.php', 'search',
  'video', 'videos', 'live', 'media', 'recover', 'checkpoint', 'bookmarks', 'fundraisers', 'pages', 'me', 'about',
  'terms', 'terms.php', 'legal', 'logout.php', 'reg', 'r.php', 'saved', 'memories', 'feeds', 'composer',
]);
export const X_RESERVED = new Set([
  'home', 'search', 'explore', 'hashtag', 'settings', 'messages', 'notifications', 'share', 'login', 'signup', 'tos', 'privacy',
  'compose', 'i', 'account', 'logout', 'download', 'communities',
]);
export const YOUTUBE_VIDEO = new Set(['watch', 'shorts', 'playlist', 'embed', 'live', 'results', 'feed', 'clip', 'hashtag', 'post', 'v']);
// A word after youtube.com/ is otherwise read as a legacy custom channel name (`youtube.com/FakeBank`).
export const YOUTUBE_RESERVED = new Set([
  'redirect', 'account', 'about', 'premium', 'upload', 'logout', 'signin', 't', 'kids', 'ads', 'creators', 'howyoutubeworks',
  'new', 'trending', 'gaming', 'attribution_link', 'oembed', 'channel_switcher', 'reporthistory', 'paid_memberships',
  'select_site', 'supported_browsers',
]);
export const PINTEREST_RESERVED = new Set([
  'pin', 'search', 'ideas', 'today', 'settings', 'business', 'login', 'signup', 'logout', 'explore', 'categories', 'topics',
  'password', 'resource', 'oauth', 'homefeed', 'news_hub', 'about', '_',
]);
