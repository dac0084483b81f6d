// amazon-cognito-identity-js as an application uses it, pointed at authledger through `endpoint`; its callback
// objects turned into promises so that each test reads as the sequence of steps a sign-in screen goes through.
import {
  AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool,
} from 'amazon-cognito-identity-js';
import { baseUrl } from './authledger.js';

export { CognitoUserAttribute };

/** The pool as the client sees it: the only change from Cognito is `endpoint`. */
export function userPool({ poolId, clientId }) {
  return new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: baseUrl });
}

export function cognitoUser(pool, username) {
  return new CognitoUser({ Username: username, Pool: pool });
}

const OUTCOMES = ['onSuccess', 'totpRequired', 'mfaRequired', 'selectMFAType', 'mfaSetup', 'newPasswordRequired',
  'customChallenge', 'associateSecretCode', 'inputVerificationCode'];

/**
 * Runs one step of the client (`start(callbacks)`) and answers which callback it ended in, `{ outcome, args }`;
 * rejects with the client's error on onFailure.
 */
export function step(start) {
  return new Promise((resolve, reject) => {
    const callbacks = { onFailure: reject };
    for (const outcome of OUTCOMES) {
      callbacks[outcome] = (...args) => resolve({ outcome, args });
    }
    start(callbacks);
  });
}

/** The default sign-in (USER_SRP_AUTH): `{ user, outcome, args }`. */
export async function authenticate(pool, username, password) {
  const user = cognitoUser(pool, username);
  const details = new AuthenticationDetails({ Username: username, Password: password });
  const result = await step((callbacks) => user.authenticateUser(details, callbacks));
  return { user, ...result };
}

/** A node-style call of the client (`(err, data)`) as a promise. */
export function call(start) {
  return new Promise((resolve, reject) => {
    start((err, data) => (err ? reject(err) : resolve(data)));
  });
}
