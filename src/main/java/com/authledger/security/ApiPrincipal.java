package com.authledger.security;

/** The caller behind an API key: its name is the actor recorded on every event it causes. */
public record ApiPrincipal(String name, Role role) {

    public String actor() {
        return "apikey:" + name;
    }
}
