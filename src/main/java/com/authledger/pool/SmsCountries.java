package com.authledger.pool;

import com.authledger.shared.InvalidInput;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The countries a pool's text messages may go to: the standard defence against SMS pumping (premium-rate numbers
 * signed up to make the pool's owner pay). {@code allowed} holds ISO 3166-1 alpha-2 region codes, sorted; null means
 * every country, which the configuration answer warns about. A number's country is its region as libphonenumber
 * reads it (+1 numbers by their area code: US, CA, PR, ...); a number of no known region is outside every list.
 *
 * <p>What it governs is every SMS of the pool: codes (sign-up, verification, reset, sign-in, MFA set-up) and notices.
 * A user whose verified number falls outside a new list keeps it, but no SMS is sent to it, and sign-in treats SMS as
 * not offered to that user (ADR 8): another factor, the set-up of one, or the password alone, as the pool's mode says.
 */
public record SmsCountries(List<String> allowed) {

    public static final SmsCountries ALL = new SmsCountries(null);
    /** More codes than there are regions would only hide a mistake. */
    static final int MAX_COUNTRIES = 250;

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[A-Z]{2}");

    public SmsCountries {
        allowed = allowed == null ? null : List.copyOf(allowed);
    }

    /** As submitted: each a region code libphonenumber knows (case-insensitive), at least one; null for all. */
    public static SmsCountries of(List<String> codes) {
        if (codes == null) {
            return ALL;
        }
        if (codes.isEmpty() || codes.size() > MAX_COUNTRIES) {
            throw new InvalidInput("smsCountries", "must list 1 to " + MAX_COUNTRIES + " ISO 3166-1 alpha-2 country "
                    + "codes (leave it out to allow every country)");
        }
        TreeSet<String> regions = new TreeSet<>();
        for (String code : codes) {
            String region = code == null ? "" : code.toUpperCase(Locale.ROOT);
            if (!REGION.matcher(region).matches() || !PHONE_NUMBERS.getSupportedRegions().contains(region)) {
                throw new InvalidInput("smsCountries", "must hold ISO 3166-1 alpha-2 country codes of countries with "
                        + "telephone numbers (for example US, GB, DE)"
                        + (REGION.matcher(region).matches() ? ", not " + region : ""));
            }
            regions.add(region);
        }
        return new SmsCountries(List.copyOf(regions));
    }

    public boolean allowsAll() {
        return allowed == null;
    }

    /** Whether an SMS may go to {@code phoneNumber} (E.164). */
    public boolean allows(String phoneNumber) {
        return allowed == null || (phoneNumber != null && allowed.contains(regionOf(phoneNumber)));
    }

    /** Whether an SMS may go to a number of {@code region} (null: unknown, allowed only when every country is). */
    public boolean allowsRegion(String region) {
        return allowed == null || (region != null && allowed.contains(region));
    }

    /**
     * The region of an E.164 number: an ISO 3166-1 alpha-2 code, "001" for a non-geographic number (international
     * networks, such as +882, a favourite of SMS pumping) and "ZZ" when none is known; neither of the last two can be
     * listed.
     */
    public static String regionOf(String phoneNumber) {
        try {
            String region = PHONE_NUMBERS.getRegionCodeForNumber(PHONE_NUMBERS.parse(phoneNumber, null));
            return region == null ? "ZZ" : region;
        } catch (NumberParseException unreadable) {
            return "ZZ";
        }
    }
}
