package healthcheck.customercenter.web;

class MyPageNotFoundException extends RuntimeException {

    private final long reservationId;

    MyPageNotFoundException(long reservationId) {
        super("No booking " + reservationId + " is known to MyPage yet");
        this.reservationId = reservationId;
    }

    long reservationId() {
        return reservationId;
    }
}
