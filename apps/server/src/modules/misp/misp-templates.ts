/**
 * The MISP object templates GPOS reads and writes, vendored from MISP's own definitions (misp-objects,
 * CC0; `../shared/misp/objects/<name>/definition.json`), reduced to what import and export need: each
 * relation's MISP attribute type. A test checks this copy against the definitions, so it cannot drift
 * silently; the server never depends on those files at run time.
 */
export interface MispObjectTemplate {
  name: string;
  uuid: string;
  version: number;
  metaCategory: string;
  description: string;
  /** Relation (`object_relation`) → MISP attribute type. */
  relations: Readonly<Record<string, string>>;
  /**
   * Relations the template marks `disable_correlation` (a country code, a coin symbol, a bank code):
   * values shared by unrelated events, which would correlate every event with every other in the
   * receiving MISP.
   */
  uncorrelated: readonly string[];
}

export const MISP_OBJECT_TEMPLATES = {
  "bank-account": {
    name: "bank-account",
    uuid: "b4712203-95a8-4883-80e9-b566f5df11c9",
    version: 3,
    metaCategory: "financial",
    description: "An object describing bank account information based on account description from goAML 4.0.",
    relations: { "aba-rtn": "aba-rtn", "account": "bank-account-nr", "account-name": "text", "balance": "text", "beneficiary": "text", "beneficiary-comment": "text", "branch": "text", "client-number": "text", "closed": "datetime", "comments": "text", "currency-code": "text", "date-balance": "datetime", "iban": "iban", "institution-code": "text", "institution-name": "text", "non-banking-institution": "boolean", "opened": "datetime", "personal-account-type": "text", "report-code": "text", "status-code": "text", "swift": "bic", "text": "text" },
    uncorrelated: ["balance", "beneficiary", "beneficiary-comment", "branch", "closed", "comments", "currency-code", "date-balance", "institution-code", "institution-name", "non-banking-institution", "opened", "personal-account-type", "report-code", "status-code", "swift", "text"],
  },
  "btc-wallet": {
    name: "btc-wallet",
    uuid: "22910C83-DD0E-4ED2-9823-45F8CAD562A4",
    version: 3,
    metaCategory: "financial",
    description: "An object to describe a Bitcoin wallet. Best to be used with btc-transaction object.",
    relations: { "BTC_received": "float", "BTC_sent": "float", "balance_BTC": "float", "time": "datetime", "wallet-address": "btc" },
    uncorrelated: ["BTC_received", "BTC_sent", "balance_BTC", "time"],
  },
  "coin-address": {
    name: "coin-address",
    uuid: "d0e6997e-78da-4815-a6a1-cfc1c1cb8a46",
    version: 7,
    metaCategory: "financial",
    description: "An address used in a cryptocurrency",
    relations: { "address": "btc", "address-crypto": "text", "address-xmr": "xmr", "current-balance": "float", "first-seen": "datetime", "last-seen": "datetime", "last-updated": "datetime", "symbol": "text", "text": "text", "total-received": "float", "total-sent": "float", "total-transactions": "text" },
    uncorrelated: ["current-balance", "first-seen", "last-seen", "last-updated", "symbol", "text", "total-received", "total-sent", "total-transactions"],
  },
  "cryptocurrency-transaction": {
    name: "cryptocurrency-transaction",
    uuid: "a4aab70f-e43a-48cb-bf82-505de8228dd6",
    version: 3,
    metaCategory: "financial",
    description: "An object to describe a cryptocurrency transaction.",
    relations: { "address": "btc", "symbol": "text", "time": "datetime", "transaction-number": "text", "value": "float", "value_EUR": "float", "value_USD": "float" },
    uncorrelated: ["symbol", "time", "value", "value_EUR", "value_USD"],
  },
  "domain-ip": {
    name: "domain-ip",
    uuid: "43b3b146-77eb-4931-b4cc-b66c60f28734",
    version: 11,
    metaCategory: "network",
    description: "A domain/hostname and IP address seen as a tuple in a specific time frame.",
    relations: { "domain": "domain", "first-seen": "datetime", "hostname": "hostname", "ip": "ip-dst", "last-seen": "datetime", "port": "port", "registration-date": "datetime", "text": "text" },
    uncorrelated: ["first-seen", "last-seen", "text"],
  },
  "email": {
    name: "email",
    uuid: "a0c666e0-fc65-4be8-b48f-3423d788b552",
    version: 19,
    metaCategory: "network",
    description: "Email object describing an email with meta-information",
    relations: { "attachment": "email-attachment", "bcc": "email-dst", "bcc-display-name": "email-dst-display-name", "cc": "email-dst", "cc-display-name": "email-dst-display-name", "email-body": "email-body", "email-body-attachment": "attachment", "eml": "attachment", "from": "email-src", "from-display-name": "email-src-display-name", "from-domain": "domain", "header": "email-header", "ip-src": "ip-src", "message-id": "email-message-id", "mime-boundary": "email-mime-boundary", "msg": "attachment", "received-header-hostname": "hostname", "received-header-ip": "ip-src", "reply-to": "email-reply-to", "reply-to-display-name": "email-dst-display-name", "return-path": "email-src", "screenshot": "attachment", "send-date": "datetime", "subject": "email-subject", "thread-index": "email-thread-index", "to": "email-dst", "to-display-name": "email-dst-display-name", "user-agent": "text", "x-mailer": "email-x-mailer" },
    uncorrelated: ["bcc", "cc", "email-body", "email-body-attachment", "eml", "header", "message-id", "mime-boundary", "msg", "screenshot", "send-date", "thread-index", "to", "user-agent", "x-mailer"],
  },
  "facebook-account": {
    name: "facebook-account",
    uuid: "b9862b95-7d78-4938-a2b5-13e45c60f25a",
    version: 1,
    metaCategory: "misc",
    description: "Facebook account.",
    relations: { "account-id": "text", "account-name": "text", "archive": "link", "attachment": "attachment", "description": "text", "link": "link", "url": "url", "user-avatar": "attachment" },
    uncorrelated: ["archive"],
  },
  "impersonation": {
    name: "impersonation",
    uuid: "01833a92-d2ff-11e9-8016-d3b988153702",
    version: 1,
    metaCategory: "misc",
    description: "Represent an impersonating account",
    relations: { "account-name": "text", "account-url": "url", "impersonated-account-name": "text", "impersonated-account-url": "link", "objective": "text", "real-name": "text", "type": "text", "type-of-account": "text" },
    uncorrelated: ["objective", "type", "type-of-account"],
  },
  "instagram-account": {
    name: "instagram-account",
    uuid: "656ced16-23f3-4322-925d-c9c961684999",
    version: 1,
    metaCategory: "misc",
    description: "Instagram account.",
    relations: { "account-id": "text", "account-name": "text", "archive": "link", "attachment": "attachment", "description": "text", "is-verified": "boolean", "link": "link", "url": "url", "user-avatar": "attachment" },
    uncorrelated: ["archive"],
  },
  "person": {
    name: "person",
    uuid: "a15b0477-e9d1-4b9c-9546-abe78a4f4248",
    version: 21,
    metaCategory: "misc",
    description: "An object which describes a person or an identity.",
    relations: { "address": "text", "alias": "text", "birth-certificate-number": "text", "date-of-birth": "date-of-birth", "dni": "text", "e-mail": "email-src", "fax-number": "phone-number", "first-name": "first-name", "full-name": "full-name", "function": "text", "gender": "gender", "handle": "text", "identity-card-number": "identity-card-number", "instant-messaging-used": "text", "ip-src": "ip-src", "last-name": "last-name", "middle-name": "middle-name", "mothers-name": "text", "nationality": "nationality", "nic-hdl": "text", "nie": "text", "nif": "text", "occupation": "text", "ofac-identification-number": "text", "passport-country": "passport-country", "passport-creation": "datetime", "passport-expiration": "passport-expiration", "passport-number": "passport-number", "phone-number": "phone-number", "place-of-birth": "place-of-birth", "portrait": "attachment", "redress-number": "redress-number", "role": "text", "social-security-number": "text", "text": "text", "title": "text" },
    uncorrelated: ["first-name", "function", "gender", "instant-messaging-used", "nationality", "occupation", "passport-country", "passport-creation", "passport-expiration", "place-of-birth", "role", "text", "title"],
  },
  "phone": {
    name: "phone",
    uuid: "d7e4fbdd-b551-4862-bddb-a0b470a38509",
    version: 6,
    metaCategory: "misc",
    description: "A phone or mobile phone object which describe a phone.",
    relations: { "brand": "text", "first-seen": "datetime", "gummei": "text", "guti": "text", "iccid": "text", "imei": "text", "imsi": "text", "last-seen": "datetime", "model": "text", "msisdn": "text", "serial-number": "text", "text": "text", "tmsi": "text" },
    uncorrelated: ["brand", "first-seen", "last-seen", "model", "text"],
  },
  "phone-number": {
    name: "phone-number",
    uuid: "c4b5a67c-63d2-11ec-90d6-0242ac120003",
    version: 1,
    metaCategory: "mobile",
    description: "Phone number based on the E.164 international public telecommunication numbering plan",
    relations: { "country-code": "text", "country-code-numeric": "text", "national-destination-code": "text", "phone-number": "phone-number", "subscriber-number": "text", "text": "text" },
    uncorrelated: ["country-code", "country-code-numeric", "national-destination-code", "subscriber-number", "text"],
  },
  "telegram-account": {
    name: "telegram-account",
    uuid: "06f02ecf-5afb-42c5-9cb0-b362e222f52c",
    version: 2,
    metaCategory: "misc",
    description: "Information related to a telegram account",
    relations: { "first_name": "text", "id": "text", "last_name": "text", "phone": "text", "username": "text", "verified": "text" },
    uncorrelated: [],
  },
  "twitter-account": {
    name: "twitter-account",
    uuid: "8066563f-881e-4f6a-9d6c-a9d15b8658bb",
    version: 7,
    metaCategory: "misc",
    description: "Twitter account.",
    relations: { "archive": "link", "attachment": "attachment", "bio": "text", "description": "text", "displayed-name": "text", "embedded-link": "url", "embedded-safe-link": "link", "followers": "text", "following": "text", "hashtag": "text", "id": "text", "joined-date": "datetime", "likes": "text", "link": "link", "listed": "text", "location": "text", "media": "text", "name": "text", "private": "text", "profile-banner": "attachment", "profile-banner-url": "url", "profile-image": "attachment", "profile-image-url": "url", "tweets": "text", "twitter-followers": "text", "twitter-following": "text", "url": "url", "verified": "text" },
    uncorrelated: ["archive", "description", "followers", "following", "joined-date", "likes", "listed", "location", "media", "private", "tweets", "verified"],
  },
  "url": {
    name: "url",
    uuid: "60efb77b-40b5-4c46-871b-ed1ed999fce5",
    version: 10,
    metaCategory: "network",
    description: "url object describes an url along with its normalized field (like extracted using faup parsing library) and its metadata.",
    relations: { "credential": "text", "dom-hash": "dom-hash", "domain": "domain", "domain_without_tld": "text", "first-seen": "datetime", "fragment": "text", "host": "hostname", "ip": "ip-dst", "last-seen": "datetime", "port": "port", "query_string": "text", "resource_path": "text", "scheme": "text", "subdomain": "text", "text": "text", "tld": "text", "url": "url" },
    uncorrelated: ["first-seen", "last-seen", "port", "scheme", "subdomain", "tld"],
  },
  "user-account": {
    name: "user-account",
    uuid: "49606b06-22f0-4ac8-8eee-2f12ad46f3d3",
    version: 6,
    metaCategory: "misc",
    description: "User-account object, defining aspects of user identification, authentication, privileges and other relevant data points.",
    relations: { "account-type": "text", "can_escalate_privs": "boolean", "created": "datetime", "description": "text", "disabled": "boolean", "display-name": "text", "email": "email", "expires": "datetime", "first_login": "datetime", "group": "text", "group-id": "text", "home_dir": "text", "is_service_account": "boolean", "last_login": "datetime", "link": "link", "password": "text", "password_last_changed": "datetime", "privileged": "boolean", "shell": "text", "user-avatar": "attachment", "user-id": "text", "username": "text" },
    uncorrelated: ["can_escalate_privs", "created", "description", "disabled", "expires", "first_login", "group", "group-id", "home_dir", "is_service_account", "last_login", "password_last_changed", "privileged", "shell"],
  },
  "victim": {
    name: "victim",
    uuid: "a8806e40-39ad-435f-be02-ac2a13d6fc7d",
    version: 10,
    metaCategory: "misc",
    description: "Victim object describes the target of an attack or abuse.",
    relations: { "classification": "text", "description": "text", "domain": "domain", "email": "target-email", "external": "target-external", "ip-address": "ip-dst", "name": "target-org", "node": "target-machine", "reference": "text", "regions": "target-location", "roles": "text", "sectors": "text", "user": "target-user" },
    uncorrelated: ["classification"],
  },
} as const satisfies Record<string, MispObjectTemplate>;

export type MispTemplateName = keyof typeof MISP_OBJECT_TEMPLATES;

