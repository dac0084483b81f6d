package com.authledger.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a limit per source address counts: IPv4 as is, IPv6 by its /64, and never a name lookup. */
class SourceAddressesTest {

    @Test
    void anIpv4AddressCountsAsItself() {
        assertThat(SourceAddresses.key("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(SourceAddresses.key("::ffff:198.51.100.7")).as("IPv4-mapped").isEqualTo("198.51.100.7");
    }

    @Test
    void anIpv6AddressCountsByItsSlash64HoweverItIsWritten() {
        String key = SourceAddresses.key("2001:db8:1:2::1");
        assertThat(key).isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(SourceAddresses.key("2001:DB8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(key);
        assertThat(SourceAddresses.key("2001:0db8:0001:0002:0:0:0:9")).isEqualTo(key);
        assertThat(SourceAddresses.key("2001:db8:1:3::1")).isNotEqualTo(key);
    }

    @Test
    void whatIsNotAnAddressLiteralCountsAsItselfWithoutALookup() {
        assertThat(SourceAddresses.key(null)).isNull();
        assertThat(SourceAddresses.key("localhost")).isEqualTo("localhost");
        assertThat(SourceAddresses.key("cafe.be")).isEqualTo("cafe.be");
        assertThat(SourceAddresses.key("1:2:3")).isEqualTo("1:2:3");
    }
}
