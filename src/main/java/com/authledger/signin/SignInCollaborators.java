package com.authledger.signin;

import com.authledger.client.read.AppClientQueries;
import com.authledger.pool.PoolContext;
import com.authledger.signin.api.ClientTerms;
import com.authledger.pool.PoolDirectory;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.RuleViolation;
import com.authledger.token.TokenFamilies;
import com.authledger.token.TokenIssuer;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** What a {@link SignInSession}'s handlers work with, as one handler parameter. */
@Component
public record SignInCollaborators(UserSteps users, PoolDirectory pools, AppClientQueries clients,
                                  SmsChallengeCodes smsCodes, PasswordVerifiers passwordVerifiers,
                                  UnknownNameFailures unknownNames,
                                  SessionSecrets secrets, TokenIssuer tokenIssuer, TokenFamilies families,
                                  Clock clock) {

    PoolContext pool(String poolId) {
        return pools.require(poolId);
    }

    /** The current settings of the sign-in's app client; a deleted client ends its sign-ins. */
    ClientTerms terms(String poolId, String clientId) {
        return clients.client(poolId, clientId).map(ClientTerms::of).orElseThrow(() -> new RuleViolation(
                ErrorCode.NotAuthorized, "The app client of this sign-in no longer exists."));
    }
}
