// The official JavaScript client signs in against authledger unchanged: the default SRP sign-in and every MFA
// challenge its callbacks know, with set-up through authledger's native API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Authenticator, PASSWORD, awaitCode, baseUrl, confirmedUser, enrolTotp, messageCount, mfaPreference, phoneNumber,
  poolWithClient, rest, unique,
} from '../authledger.js';
import { authenticate, call, step, userPool } from '../cognito.js';

const TIMEOUT = { timeout: 60_000 };

/** The session holds valid tokens of this pool, client and user. */
function assertTokens(session, { poolId, clientId }, username) {
  assert.ok(session.isValid(), 'the session is valid');
  const id = session.getIdToken().decodePayload();
  const access = session.getAccessToken().decodePayload();
  assert.equal(id.iss, `${baseUrl}${poolId}`);
  assert.equal(id.token_use, 'id');
  assert.equal(id.aud, clientId);
  assert.equal(id['cognito:username'], username);
  assert.equal(access.token_use, 'access');
  assert.equal(access.client_id, clientId);
  assert.equal(access.sub, id.sub);
  assert.ok(session.getRefreshToken().getToken(), 'a refresh token');
}

test('the default sign-in (USER_SRP_AUTH) ends in tokens; the tokens read the user and refresh', TIMEOUT, async () => {
  const ids = await poolWithClient({ mode: 'OFF' });
  const username = unique('srp');
  await confirmedUser(ids.poolId, username, { email: `${username}@example.com` });

  const { user, outcome, args } = await authenticate(userPool(ids), username, PASSWORD);
  assert.equal(outcome, 'onSuccess');
  const [session] = args;
  assertTokens(session, ids, username);

  const attributes = await call((cb) => user.getUserAttributes(cb));
  const byName = Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]));
  assert.equal(byName.email, `${username}@example.com`);
  assert.equal(byName.sub, session.getIdToken().decodePayload().sub);

  const refreshed = await call((cb) => user.refreshSession(session.getRefreshToken(), cb));
  assertTokens(refreshed, ids, username);
});

test('a user with TOTP preferred: totpRequired, then sendMFACode(SOFTWARE_TOKEN_MFA) ends in tokens', TIMEOUT,
  async () => {
    const ids = await poolWithClient({ mode: 'OPTIONAL', totp: true });
    const username = unique('totp');
    await confirmedUser(ids.poolId, username);
    const device = await enrolTotp(ids.poolId, username, { preferred: true });

    const { user, outcome, args } = await authenticate(userPool(ids), username, PASSWORD);
    assert.equal(outcome, 'totpRequired');
    assert.equal(args[0], 'SOFTWARE_TOKEN_MFA');

    const code = await device.nextCode();
    const done = await step((callbacks) => user.sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA'));
    assert.equal(done.outcome, 'onSuccess');
    assertTokens(done.args[0], ids, username);
  });

test('a user with SMS MFA: mfaRequired names the masked phone, the code from the outbox ends in tokens', TIMEOUT,
  async () => {
    const ids = await poolWithClient({ mode: 'OPTIONAL', sms: true });
    const username = unique('sms');
    const phone = phoneNumber();
    await confirmedUser(ids.poolId, username, { phone });
    await mfaPreference(ids.poolId, username, { sms: { enabled: true, preferred: true } });
    const earlier = await messageCount(phone, 'SIGN_IN_MFA');

    const { user, outcome, args } = await authenticate(userPool(ids), username, PASSWORD);
    assert.equal(outcome, 'mfaRequired');
    assert.equal(args[0], 'SMS_MFA');
    assert.equal(args[1].CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    assert.equal(args[1].CODE_DELIVERY_DESTINATION, `+*******${phone.slice(-4)}`);

    const code = await awaitCode(phone, 'SIGN_IN_MFA', earlier);
    const done = await step((callbacks) => user.sendMFACode(code, callbacks));
    assert.equal(done.outcome, 'onSuccess');
    assertTokens(done.args[0], ids, username);
  });

test('a user with SMS and TOTP, none preferred: selectMFAType, then either factor ends in tokens', TIMEOUT,
  async (t) => {
    const ids = await poolWithClient({ mode: 'OPTIONAL', sms: true, totp: true });
    const username = unique('select');
    const phone = phoneNumber();
    await confirmedUser(ids.poolId, username, { phone });
    await mfaPreference(ids.poolId, username, { sms: { enabled: true, preferred: false } });
    const device = await enrolTotp(ids.poolId, username, { preferred: false });
    const pool = userPool(ids);

    await t.test('choosing SOFTWARE_TOKEN_MFA', async () => {
      const { user, outcome, args } = await authenticate(pool, username, PASSWORD);
      assert.equal(outcome, 'selectMFAType');
      assert.equal(args[0], 'SELECT_MFA_TYPE');
      assert.deepEqual(JSON.parse(args[1].MFAS_CAN_CHOOSE).sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);

      const chosen = await step((callbacks) => user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', callbacks));
      assert.equal(chosen.outcome, 'totpRequired');
      const code = await device.nextCode();
      const done = await step((callbacks) => user.sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA'));
      assert.equal(done.outcome, 'onSuccess');
      assertTokens(done.args[0], ids, username);
    });

    await t.test('choosing SMS_MFA', async () => {
      const earlier = await messageCount(phone, 'SIGN_IN_MFA');
      const { user, outcome } = await authenticate(pool, username, PASSWORD);
      assert.equal(outcome, 'selectMFAType');

      const chosen = await step((callbacks) => user.sendMFASelectionAnswer('SMS_MFA', callbacks));
      assert.equal(chosen.outcome, 'mfaRequired');
      assert.equal(chosen.args[0], 'SMS_MFA');
      const code = await awaitCode(phone, 'SIGN_IN_MFA', earlier);
      const done = await step((callbacks) => user.sendMFACode(code, callbacks, 'SMS_MFA'));
      assert.equal(done.outcome, 'onSuccess');
      assertTokens(done.args[0], ids, username);
    });
  });

test('MFA required (Cognito ON) and no factor: mfaSetup, associateSoftwareToken, verifySoftwareToken end in tokens;'
  + ' the next sign-in asks the new authenticator', TIMEOUT, async () => {
  const ids = await poolWithClient({ mode: 'REQUIRED', totp: true });
  const username = unique('setup');
  await confirmedUser(ids.poolId, username);
  const pool = userPool(ids);

  const { user, outcome, args } = await authenticate(pool, username, PASSWORD);
  assert.equal(outcome, 'mfaSetup');
  assert.equal(args[0], 'MFA_SETUP');
  assert.deepEqual(JSON.parse(args[1].MFAS_CAN_SETUP), ['SOFTWARE_TOKEN_MFA']);

  const associated = await step((callbacks) => user.associateSoftwareToken(callbacks));
  assert.equal(associated.outcome, 'associateSecretCode');
  const [secret] = associated.args;
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  const device = new Authenticator(secret);

  const code = await device.nextCode();
  const done = await step((callbacks) => user.verifySoftwareToken(code, 'conformance phone', callbacks));
  assert.equal(done.outcome, 'onSuccess');
  assertTokens(done.args[0], ids, username);

  const again = await authenticate(pool, username, PASSWORD);
  assert.equal(again.outcome, 'totpRequired');
  const next = await device.nextCode();
  const signedIn = await step((callbacks) => again.user.sendMFACode(next, callbacks, 'SOFTWARE_TOKEN_MFA'));
  assert.equal(signedIn.outcome, 'onSuccess');
});

test('an admin-created user: newPasswordRequired, completeNewPasswordChallenge ends in tokens', TIMEOUT, async () => {
  const ids = await poolWithClient({ mode: 'OFF' });
  const username = unique('temp');
  await rest('POST', `/api/v1/pools/${ids.poolId}/users`, { username, temporaryPassword: 'Temporary-Pass-1' });

  const { user, outcome } = await authenticate(userPool(ids), username, 'Temporary-Pass-1');
  assert.equal(outcome, 'newPasswordRequired');
  const done = await step((callbacks) => user.completeNewPasswordChallenge('Brand-New-Pass-9', {}, callbacks));
  assert.equal(done.outcome, 'onSuccess');
  assertTokens(done.args[0], ids, username);
});

test('a wrong password and an unknown user are answered alike', TIMEOUT, async () => {
  const ids = await poolWithClient({ mode: 'OFF' });
  const username = unique('known');
  await confirmedUser(ids.poolId, username);
  const pool = userPool(ids);

  const wrong = await authenticate(pool, username, 'Wrong-Password-1').then(
    (r) => assert.fail(`a wrong password ended in ${r.outcome}`), (err) => err);
  const unknown = await authenticate(pool, unique('nobody'), PASSWORD).then(
    (r) => assert.fail(`an unknown user ended in ${r.outcome}`), (err) => err);

  assert.equal(wrong.code, 'NotAuthorizedException');
  assert.equal(wrong.message, 'Incorrect username or password.');
  assert.equal(unknown.code, wrong.code);
  assert.equal(unknown.name, wrong.name);
  assert.equal(unknown.message, wrong.message);
});

test('a wrong TOTP code is refused with CodeMismatchException and the session stays usable', TIMEOUT, async () => {
  const ids = await poolWithClient({ mode: 'OPTIONAL', totp: true });
  const username = unique('wrongtotp');
  await confirmedUser(ids.poolId, username);
  const device = await enrolTotp(ids.poolId, username, { preferred: true });

  const { user, outcome } = await authenticate(userPool(ids), username, PASSWORD);
  assert.equal(outcome, 'totpRequired');
  const code = await device.nextCode();
  const wrongCode = code === '000000' ? '111111' : '000000';
  const refused = await step((callbacks) => user.sendMFACode(wrongCode, callbacks, 'SOFTWARE_TOKEN_MFA')).then(
    (r) => assert.fail(`a wrong code ended in ${r.outcome}`), (err) => err);
  assert.equal(refused.code, 'CodeMismatchException');

  const done = await step((callbacks) => user.sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA'));
  assert.equal(done.outcome, 'onSuccess');
});
