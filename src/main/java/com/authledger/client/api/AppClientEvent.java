package com.authledger.client.api;

/** An event of an app client; its aggregate id is the client id. */
public sealed interface AppClientEvent permits AppClientCreated, AppClientUpdated, AppClientDeleted {

    String clientId();

    String poolId();
}
