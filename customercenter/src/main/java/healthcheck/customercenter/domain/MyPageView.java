package healthcheck.customercenter.domain;

/** A page as it is read: the booking with the schedule's details, or no details while the schedule is unknown. */
public record MyPageView(MyPage page, ScheduleDetails schedule) {
}
