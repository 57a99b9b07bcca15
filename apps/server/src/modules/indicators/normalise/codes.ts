/**
 * Machine-readable rejection codes. Every normaliser failure carries, besides its English `reason`
 * (unchanged, for API clients), a `code` and the `params` the message interpolates, so that a client can
 * show the rejection in its own language: the web translates `normalise.<code>` with `params`
 * (apps/web/src/i18n/locales/*.json), and falls back to `reason` for a code it does not know.
 *
 * Params are strings or numbers only. `value` (and `country`, `bankCode`, `chain`, `platform`, `host`,
 * `domain`, `bic` where a message quotes them) hold the text exactly as the English reason quotes it,
 * quotes included. `field` names a field (`country`, `bankCode`…), for the client to translate.
 * `detail`, when present, is itself a code, under `normalise.detail.<detail>`: the part of the message
 * that says what exactly is wrong (a host name's or a wallet address's problem, a username rule); a
 * client translates it with the same params and puts it in the message's `{{detail}}`.
 */

export const NORMALISE_CODES = [
  // common.ts, index.ts
  'value.not_text',
  'value.too_long',
  'value.empty',
  'value.control_characters',
  'value.missing',
  'value.not_normalisable',
  'value.not_normalisable_unquoted',
  'field.not_text',
  'field.too_long',
  'field.invalid',
  'type.unknown',
  'type.undetected',
  'type.short_phone_number',
  // phone
  'phone.unknown_country',
  'phone.national_needs_country',
  'phone.too_short',
  'phone.too_short_in_region',
  'phone.too_short_for_region',
  'phone.too_long',
  'phone.too_long_in_region',
  'phone.too_long_for_region',
  'phone.invalid_length',
  'phone.invalid_length_in_region',
  'phone.invalid_length_for_region',
  'phone.invalid_country_code',
  'phone.not_a_number',
  'phone.invalid_for_region',
  // email
  'email.no_at',
  'email.quoted_local_part',
  'email.local_part_length',
  'email.local_part_invalid',
  'email.ip_domain',
  'email.invalid_domain',
  'email.empty_before_tag',
  'email.too_long',
  // ip
  'ip.network_range',
  'ip.zone_id',
  'ip.invalid',
  'ip.invalid_ipv6',
  // url
  'url.scheme_not_allowed',
  'url.invalid',
  'url.invalid_ip_host',
  'url.invalid_host',
  'url.too_long',
  // domain
  'domain.looks_like_email',
  'domain.invalid',
  'domain.is_ip',
  'domain.invalid_host',
  // app
  'app.unknown_platform',
  'app.play_link_without_id',
  'app.play_link_not_app',
  'app.app_store_link_not_app',
  'app.platform_mismatch_link',
  'app.platform_mismatch_prefix',
  'app.not_app_id',
  'app.id_too_long',
  'app.invalid_ios_id',
  'app.invalid_android_package',
  // bank account
  'bank.iban_country_not_iban',
  'bank.iban_wrong_length',
  'bank.iban_wrong_format',
  'bank.iban_national_check_digits',
  'bank.iban_check_digits',
  'bank.country_mismatch_iban',
  'bank.invalid_bank_code',
  'bank.invalid_bic',
  'bank.country_mismatch',
  'bank.bank_mismatch',
  'bank.bank_code_required',
  'bank.invalid_country',
  'bank.country_mismatch_bic',
  'bank.country_required',
  'bank.invalid_account_number',
  'bank.account_number_too_long',
  'bank.account_number_too_short',
  'bank.account_number_national_length',
  // crypto wallet
  'crypto.unknown_chain',
  'crypto.not_wallet',
  'crypto.contract_call',
  'crypto.chain_contradiction',
  'crypto.invalid_address',
  'crypto.invalid_address_looks_like',
  'crypto.unsupported',
  // social and messaging accounts
  'account.unknown_platform',
  'account.platform_mismatch_link',
  'account.platform_mismatch_prefix',
  'account.not_account_link',
  'account.whatsapp_short_link',
  'account.group_chat_link',
  'account.tiktok_short_link',
  'account.video_link',
  'account.no_account_named',
  'account.unknown_link',
  'account.platform_required',
  'account.invalid_username',
  'account.invalid_invite',
  'account.invalid_group',
  'account.invalid_channel',
  'account.invalid_ticket',
  'account.invalid_open_chat',
  'account.phone_required',
  'account.invalid_youtube_channel_name',
  'account.invalid_linkedin_company',
  'account.invalid_qq',
] as const;
export type NormaliseCode = (typeof NORMALISE_CODES)[number];

/** Codes of the `detail` part of a message (translated under `normalise.detail.*`). */
export const NORMALISE_DETAILS = [
  // host.ts: why a host name is not one
  'host.bad_characters',
  'host.invalid',
  'host.ip_address',
  'host.too_long',
  'host.bad_label',
  'host.unknown_tld',
  'host.public_suffix',
  // crypto-wallet.normaliser.ts: why an address is not valid
  'wallet.evm_format',
  'wallet.evm_checksum',
  'wallet.bech32_mixed_case',
  'wallet.bech32_checksum',
  'wallet.bech32_prefix',
  'wallet.segwit_invalid',
  'wallet.segwit_v0_bech32m',
  'wallet.segwit_v0_length',
  'wallet.segwit_v1_bech32',
  'wallet.segwit_program_length',
  'wallet.base58check_invalid',
  'wallet.wrong_length',
  'wallet.testnet',
  'wallet.version_byte',
  'wallet.tron_format',
  'wallet.xrp_alphabet',
  'wallet.xrp_format',
  'wallet.xrp_checksum',
  'wallet.not_canonical_base58',
  'wallet.solana_length',
  'wallet.base58_alphabet',
  'wallet.solana_bytes',
  // account.normaliser.ts: a platform's username rules
  'username.facebook',
  'username.telegram',
  'username.letters_digits_dots_hyphens_underscores',
  'username.line_official',
  'username.generic',
  'username.up_to_letters_digits_dots_underscores',
  'username.letters_digits_dots_underscores',
  'username.up_to_letters_digits_underscores',
  'username.letters_digits_hyphens',
  'username.letters_digits_hyphens_underscores',
  'username.letters_digits_underscores',
  'username.wechat',
  'username.signal',
] as const;
export type NormaliseDetail = (typeof NORMALISE_DETAILS)[number];

/** What a message interpolates: strings or numbers only. */
export type NormaliseParams = Record<string, string | number>;
