package healthcheck.customercenter.domain;

import java.util.List;

/**
 * A page as it is read: the booking with the schedule's details (none while the schedule is unknown) and its
 * history in the order it happened.
 */
public record MyPageView(MyPage page, ScheduleDetails schedule, List<HistoryEntry> history) {

    public MyPageView {
        history = history.stream().sorted(HistoryEntry.CHRONOLOGICAL).toList();
    }
}
