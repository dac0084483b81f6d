// Sign-up with confirmation and a forgotten password, as the official JavaScript client does them; codes are read
// from authledger's development outbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD, awaitCode, confirmedUser, messageCount, phoneNumber, poolWithClient, unique,
} from '../authledger.js';
import { CognitoUserAttribute, authenticate, call, cognitoUser, step, userPool } from '../cognito.js';
const OPTIONS = { timeout: 60_000 };

test('signUp, then confirmRegistration with the emailed code; the user then signs in', OPTIONS, async () => {
  const ids = await poolWithClient({ mode: 'OFF', verify: ['email'] });
  const pool = userPool(ids);
  const username = unique('signup');
  const email = `${username}@example.com`;
  const earlier = await messageCount(email, 'SIGN_UP');

  const signedUp = await call((cb) => pool.signUp(username, PASSWORD,
    [new CognitoUserAttribute({ Name: 'email', Value: email })], null, cb));
  assert.equal(signedUp.userConfirmed, false);
  assert.match(signedUp.userSub, /^[0-9a-f-]{36}$/);
  assert.equal(signedUp.codeDeliveryDetails.DeliveryMedium, 'EMAIL');
  assert.equal(signedUp.codeDeliveryDetails.AttributeName, 'email');
  assert.notEqual(signedUp.codeDeliveryDetails.Destination, email, 'the destination is masked');
  assert.equal(signedUp.user.getUsername(), username);

  const unconfirmed = await authenticate(pool, username, PASSWORD).then(
    (r) => assert.fail(`an unconfirmed user ended in ${r.outcome}`), (err) => err);
  assert.equal(unconfirmed.code, 'UserNotConfirmedException');

  const code = await awaitCode(email, 'SIGN_UP', earlier);
  assert.equal(await call((cb) => signedUp.user.confirmRegistration(code, true, cb)), 'SUCCESS');

  const { user, outcome, args } = await authenticate(pool, username, PASSWORD);
  assert.equal(outcome, 'onSuccess');
  assert.equal(args[0].getIdToken().decodePayload().sub, signedUp.userSub);
  const attributes = await call((cb) => user.getUserAttributes(cb));
  const byName = Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]));
  assert.equal(byName.email_verified, 'true');
});

test('resendConfirmationCode sends a new code that confirms the sign-up', OPTIONS, async () => {
  const ids = await poolWithClient({ mode: 'OFF', verify: ['email'] });
  const pool = userPool(ids);
  const username = unique('resend');
  const email = `${username}@example.com`;

  const signedUp = await call((cb) => pool.signUp(username, PASSWORD,
    [new CognitoUserAttribute({ Name: 'email', Value: email })], null, cb));
  await awaitCode(email, 'SIGN_UP', 0);
  const resent = await call((cb) => signedUp.user.resendConfirmationCode(cb));
  // authledger names no destination, so that a known name and an unknown one get the same answer (README)
  assert.equal(resent.CodeDeliveryDetails, undefined);

  const code = await awaitCode(email, 'SIGN_UP', 1);
  assert.equal(await call((cb) => signedUp.user.confirmRegistration(code, false, cb)), 'SUCCESS');
  assert.equal((await authenticate(pool, username, PASSWORD)).outcome, 'onSuccess');
});

test('a wrong confirmation code is refused with CodeMismatchException', OPTIONS, async () => {
  const ids = await poolWithClient({ mode: 'OFF', verify: ['email'] });
  const pool = userPool(ids);
  const username = unique('wrongcode');
  const email = `${username}@example.com`;

  const signedUp = await call((cb) => pool.signUp(username, PASSWORD,
    [new CognitoUserAttribute({ Name: 'email', Value: email })], null, cb));
  const code = await awaitCode(email, 'SIGN_UP', 0);
  const wrong = code === '000000' ? '111111' : '000000';
  const refused = await call((cb) => signedUp.user.confirmRegistration(wrong, false, cb)).then(
    () => assert.fail('a wrong code confirmed the user'), (err) => err);
  assert.equal(refused.code, 'CodeMismatchException');
});

test('forgotPassword calls inputVerificationCode; confirmPassword with the texted code sets the new password',
  OPTIONS, async () => {
    const ids = await poolWithClient({ mode: 'OFF', verify: ['phone_number'] });
    const pool = userPool(ids);
    const username = unique('forgot');
    const phone = phoneNumber();
    await confirmedUser(ids.poolId, username, { phone });
    const earlier = await messageCount(phone, 'RESET_PASSWORD');

    const user = cognitoUser(pool, username);
    const asked = await step((callbacks) => user.forgotPassword(callbacks));
    assert.equal(asked.outcome, 'inputVerificationCode');
    // no destination in the answer: the same answer for a known and an unknown name (README)
    assert.equal(asked.args[0].CodeDeliveryDetails, undefined);

    const code = await awaitCode(phone, 'RESET_PASSWORD', earlier);
    const newPassword = 'Another-Horse-8';
    const confirmed = await step((callbacks) => user.confirmPassword(code, newPassword, callbacks));
    assert.equal(confirmed.outcome, 'onSuccess');

    assert.equal((await authenticate(pool, username, newPassword)).outcome, 'onSuccess');
    const old = await authenticate(pool, username, PASSWORD).then(
      (r) => assert.fail(`the old password ended in ${r.outcome}`), (err) => err);
    assert.equal(old.code, 'NotAuthorizedException');
  });
