package io.writeback.carrier;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tracking-number shapes and check digits per carrier, after jkeen/tracking_number_data (carts.md §7.2).
 * Numbers are matched normalised: no whitespace, upper case.
 */
enum TrackingFormat {
    // 1Z + 6 shipper + 2 service + 7 package + check digit; letters count as (ascii - 63) mod 10
    UPS_1Z("1Z([0-9A-Z]{15})([0-9])", 1, 2),
    UPS_WAYBILL("[AHJKTV][0-9]{10}"),
    USPS_20("([0-9]{19})([0-9])", 3, 1),
    // IMpb: 22 digits from 91..95, optionally behind a 420 + ZIP5/ZIP9 routing prefix
    USPS_IMPB("(?:420[0-9]{5}(?:[0-9]{4})?)?(9[1-5][0-9]{19})([0-9])", 3, 1),
    USPS_S10("[A-Z]{2}[0-9]{9}US"),
    FEDEX_EXPRESS("([0-9]{11})([0-9])", FedExExpress::valid),
    FEDEX_GROUND("([0-9]{14})([0-9])", 3, 1),
    FEDEX_SSCC("(00[0-9]{17})([0-9])", 3, 1),
    FEDEX_SMARTPOST("96[0-9]{20}"),
    FEDEX_34("[0-9]{34}"),
    DHL_EXPRESS("([0-9]{9,10})([0-9])", DhlExpress::valid),
    DHL_PIECE("J[A-Z]{2,3}[0-9]{9,10}"),
    ONTRAC("[CD][0-9]{14}"),
    AMAZON_LOGISTICS("TB[ACM][0-9]{12}"),
    ANY("[0-9A-Z]{1,64}");

    private final Pattern pattern;
    private final Predicate<Matcher> checkDigit;

    TrackingFormat(String regex) {
        this(regex, m -> true);
    }

    /** Mod 10 check digit: serial digits weighted from the rightmost one alternately, rightmost weight first. */
    TrackingFormat(String regex, int rightmostWeight, int otherWeight) {
        this(regex, m -> mod10(m.group(1), rightmostWeight, otherWeight) == m.group(2).charAt(0) - '0');
    }

    TrackingFormat(String regex, Predicate<Matcher> checkDigit) {
        this.pattern = Pattern.compile(regex);
        this.checkDigit = checkDigit;
    }

    boolean matches(String normalised) {
        var matcher = pattern.matcher(normalised);
        return matcher.matches() && checkDigit.test(matcher);
    }

    private static int mod10(String serial, int rightmostWeight, int otherWeight) {
        int sum = 0;
        for (int i = 0; i < serial.length(); i++) {
            int weight = (serial.length() - 1 - i) % 2 == 0 ? rightmostWeight : otherWeight;
            sum += digitValue(serial.charAt(i)) * weight;
        }
        return (10 - sum % 10) % 10;
    }

    private static int digitValue(char c) {
        return Character.isDigit(c) ? c - '0' : (c - 63) % 10;
    }

    private static final class FedExExpress {
        private static final int[] WEIGHTS = {3, 1, 7};

        static boolean valid(Matcher m) {
            String serial = m.group(1);
            int sum = 0;
            for (int i = 0; i < serial.length(); i++) {
                sum += (serial.charAt(i) - '0') * WEIGHTS[i % 3];
            }
            return sum % 11 % 10 == m.group(2).charAt(0) - '0';
        }
    }

    private static final class DhlExpress {
        static boolean valid(Matcher m) {
            return Long.parseLong(m.group(1)) % 7 == m.group(2).charAt(0) - '0';
        }
    }
}
