package com.authledger.pool;

import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pool's SMS country list: what it accepts, and which numbers it lets a text message go to. */
class SmsCountriesTest {

    @Test
    void codesAreReadCaseInsensitivelySortedAndWithoutRepeats() {
        assertThat(SmsCountries.of(List.of("gb", "DE", "Gb")).allowed()).containsExactly("DE", "GB");
        assertThat(SmsCountries.of(null)).isEqualTo(SmsCountries.ALL);
        assertThat(SmsCountries.ALL.allowsAll()).isTrue();
    }

    @Test
    void anythingButKnownCountryCodesIsRefusedNamingTheField() {
        for (List<String> bad : List.of(List.<String>of(), List.of("XX"), List.of("USA"), List.of("U"),
                Arrays.asList("DE", null), List.of("d\u0000"), Collections.nCopies(251, "DE"))) {
            assertThatThrownBy(() -> SmsCountries.of(bad)).as(String.valueOf(bad))
                    .isInstanceOf(InvalidInput.class)
                    .hasFieldOrPropertyWithValue("code", ErrorCode.InvalidParameter)
                    .hasMessageContaining("smsCountries");
        }
    }

    @Test
    void aNumberIsAllowedByItsRegionAndOneOfNoKnownRegionByNoList() {
        SmsCountries northAmerica = SmsCountries.of(List.of("US"));

        assertThat(northAmerica.allows("+12025550123")).isTrue();
        assertThat(northAmerica.allows("+14165550123")).as("Toronto: +1, but CA").isFalse();
        assertThat(northAmerica.allows("+882345678901")).as("an international network").isFalse();
        assertThat(northAmerica.allows("not a number")).isFalse();
        assertThat(northAmerica.allows(null)).isFalse();
        assertThat(SmsCountries.ALL.allows("+882345678901")).isTrue();
        assertThat(SmsCountries.regionOf("+442071838750")).isEqualTo("GB");
        assertThat(SmsCountries.regionOf("+882345678901")).as("non-geographic, in no list").isEqualTo("001");
        assertThat(SmsCountries.regionOf("+999")).isEqualTo("ZZ");
        assertThat(northAmerica.allowsRegion("US")).isTrue();
        assertThat(northAmerica.allowsRegion(null)).isFalse();
        assertThat(SmsCountries.ALL.allowsRegion(null)).isTrue();
    }
}
