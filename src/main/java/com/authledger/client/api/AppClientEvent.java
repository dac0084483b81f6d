package com.authledger.client.api;

/** An event of an app client; its aggregate id is the client id. */
public interface AppClientEvent {

    String clientId();

    String poolId();
}
