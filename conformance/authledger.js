// Set-up through authledger's native REST API with the admin API key: pools, app clients, users, verified phone
// numbers, TOTP enrolment, and codes read from the development outbox. The tests themselves talk to authledger only
// through amazon-cognito-identity-js, as an application would.
//
// The runner (run.sh) passes AUTHLEDGER_URL (e.g. http://127.0.0.1:41234/) and AUTHLEDGER_ADMIN_KEY_FILE.
import { readFileSync } from 'node:fs';
import { authenticator } from 'otplib';

export const baseUrl = (process.env.AUTHLEDGER_URL ?? 'http://127.0.0.1:8080/').replace(/\/?$/, '/');
const keyFile = process.env.AUTHLEDGER_ADMIN_KEY_FILE ?? 'data/admin-api-key';
const adminKey = readFileSync(keyFile, 'utf8').trim();

export const PASSWORD = 'Correct-Horse-7';
const SENDER = { credentialsRef: 'arn:aws:iam::123456789012:role/authledger-sms', externalId: 'conformance-1',
  region: 'us-east-1' };
const SMS = { enabled: true, message: 'Your code is {####}' };
const TOTP_STEP_MS = 30_000;

let counter = 0;
/** A name no other test uses (pools are separate, but one run may create several users per pool). */
export function unique(prefix) {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/** A phone number of the fictional 555-01xx range, distinct per call within a run. */
let phones = 0;
export function phoneNumber() {
  phones += 1;
  return `+1555${String(Date.now() % 1000).padStart(3, '0')}${String(phones % 10000).padStart(4, '0')}`;
}

/** A call of the native API with the admin key; fails unless the status is one of `expected`. */
export async function rest(method, path, body, expected = [200, 201, 202, 204]) {
  const response = await fetch(new URL(path.replace(/^\//, ''), baseUrl), {
    method,
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

/**
 * A pool of its own. `mode` OFF | OPTIONAL | REQUIRED; `sms`, `totp` the factors it offers; `verify` the attributes
 * verified at sign-up (phone_number, email).
 */
export async function createPool({ mode = 'OPTIONAL', sms = false, totp = false, verify = [] } = {}) {
  const body = { name: unique('conformance-'), mfaMode: mode, totpMfa: { enabled: totp }, smsMfa: { enabled: false } };
  if (sms) {
    body.smsMfa = SMS;
  }
  if (sms || verify.includes('phone_number')) {
    body.smsSender = SENDER;
  }
  if (verify.length > 0) {
    body.verification = { autoVerifiedAttributes: verify };
  }
  return (await rest('POST', '/api/v1/pools', body)).poolId;
}

/** An app client without a secret allowing SRP and refresh-token sign-in, as the JavaScript client uses. */
export async function createClient(poolId) {
  const created = await rest('POST', `/api/v1/pools/${poolId}/clients`, {
    name: 'conformance-web', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  return created.clientId;
}

/** A pool with an app client: `{ poolId, clientId }`. */
export async function poolWithClient(options) {
  const poolId = await createPool(options);
  return { poolId, clientId: await createClient(poolId) };
}

function userPath(poolId, username) {
  return `/api/v1/pools/${poolId}/users/${encodeURIComponent(username)}`;
}

/**
 * A CONFIRMED user with PASSWORD as its own password; `phone` (verified by the admin) and `email` (verified) when
 * given. Answers the created user's representation.
 */
export async function confirmedUser(poolId, username, { phone, email } = {}) {
  const body = { username, temporaryPassword: 'Temporary-Pass-1' };
  if (phone) {
    Object.assign(body, { phoneNumber: phone, phoneNumberVerified: true });
  }
  if (email) {
    Object.assign(body, { email, emailVerified: true });
  }
  const user = await rest('POST', `/api/v1/pools/${poolId}/users`, body);
  await rest('PUT', `${userPath(poolId, username)}/password`, { password: PASSWORD, permanent: true });
  return user;
}

/** Sets a user's MFA preference, e.g. `{ sms: { enabled: true, preferred: false } }`. */
export async function mfaPreference(poolId, username, preference) {
  await rest('PUT', `${userPath(poolId, username)}/mfa-preference`, preference);
}

/**
 * An authenticator for the user, associated and verified through the native API, then enabled (and preferred when
 * asked). Answers an Authenticator that yields the user's next codes.
 */
export async function enrolTotp(poolId, username, { preferred = false } = {}) {
  const { secretCode } = await rest('POST', `${userPath(poolId, username)}/software-token`);
  const device = new Authenticator(secretCode);
  await rest('POST', `${userPath(poolId, username)}/software-token/verify`, { userCode: await device.nextCode() });
  await mfaPreference(poolId, username, { softwareToken: { enabled: true, preferred } });
  return device;
}

/**
 * A TOTP authenticator app (otplib). authledger accepts each code once per user and codes within one 30-second step
 * of its clock; so every code handed out is of a later step than the previous one, waiting for the clock when a
 * step ahead would be too far.
 */
export class Authenticator {
  constructor(secret) {
    this.secret = secret;
    this.lastStep = -1;
  }

  async nextCode() {
    let step = Math.max(this.lastStep + 1, currentStep());
    while (step > currentStep() + 1) {
      await sleep(TOTP_STEP_MS - (Date.now() % TOTP_STEP_MS) + 50);
    }
    this.lastStep = step;
    return authenticator.clone({ epoch: step * TOTP_STEP_MS }).generate(this.secret);
  }
}

function currentStep() {
  return Math.floor(Date.now() / TOTP_STEP_MS);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The development outbox's messages, newest first. */
export async function outbox() {
  return (await rest('GET', '/api/v1/dev/outbox')).items;
}

/** How many messages for this purpose went to this destination so far. */
export async function messageCount(destination, purpose) {
  return (await outbox()).filter((m) => m.destination === destination && m.purpose === purpose).length;
}

/**
 * The six-digit code of the message for `purpose` (SIGN_IN_MFA, SIGN_UP, VERIFY_PHONE_NUMBER, RESET_PASSWORD, ...)
 * to `destination` after the `earlier` ones, waiting for its delivery (asynchronous) up to 10 seconds.
 */
export async function awaitCode(destination, purpose, earlier = 0) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const messages = (await outbox()).filter((m) => m.destination === destination && m.purpose === purpose);
    if (messages.length > earlier) {
      const code = /\b(\d{6})\b/.exec(messages[0].text);
      if (!code) {
        throw new Error(`no code in the ${purpose} message to ${destination}`);
      }
      return code[1];
    }
    if (Date.now() > deadline) {
      throw new Error(`no ${purpose} message reached ${destination} within 10 s`);
    }
    await sleep(100);
  }
}
