package healthcheck.http;

/**
 * The characters Spring Security's strict firewalls (WebFlux's and the servlet one) let into header names and
 * values, decided by a loop instead of their regular expressions ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*} for
 * names; values may hold tabs too). The firewall checks every header a request carries or is read, the
 * ~900-character Authorization header too, character by character through a regular expression engine: 2.9 % of
 * the gateway's CPU at a peak, 2.0 % of reservation's and 2.2 % of schedule's (JFR, 2026-12-05). Printable ASCII,
 * nearly every character of every header, is decided here by one comparison. {@code HeaderCharactersTest} holds
 * both rules to the firewalls' own predicates.
 */
public final class HeaderCharacters {

    private HeaderCharacters() {
    }

    /**
     * The firewalls' {@code ALLOWED_HEADER_NAMES}: assigned characters, none of them a control character; no text
     * passes, as with WebFlux's (the servlet firewall never asks about it).
     */
    public static boolean allowedInName(String name) {
        return assignedAndNotControl(name, false);
    }

    /** The firewalls' {@code ALLOWED_HEADER_VALUES}: as in names, and tabs. */
    public static boolean allowedInValue(String value) {
        return assignedAndNotControl(value, true);
    }

    private static boolean assignedAndNotControl(String text, boolean tabAllowed) {
        if (text == null) {
            // WebFlux's firewall asks about absent values too, and its predicates let them pass
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 0x20 && c < 0x7f) || (c == '\t' && tabAllowed)) {
                continue;
            }
            // the expressions match code points: a surrogate pair is one character, a lone surrogate is assigned
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL) {
                return false;
            }
            if (Character.isSupplementaryCodePoint(codePoint)) {
                i++;
            }
        }
        return true;
    }
}
