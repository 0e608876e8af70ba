package healthcheck.customercenter.web;

import healthcheck.platform.refusal.Refusal;

/**
 * Says "not yet" rather than "never": the page is built from events, so a booking just made may not have reached
 * MyPage when it is first asked for.
 */
class MyPageNotFoundException extends Refusal {

    MyPageNotFoundException(long reservationId) {
        super(Kind.NOT_FOUND, "MY_PAGE_NOT_FOUND", "MyPage not found",
                "No booking " + reservationId + " is known to MyPage yet");
        property("reservationId", reservationId);
    }
}
