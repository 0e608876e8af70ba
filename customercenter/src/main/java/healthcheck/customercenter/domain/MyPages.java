package healthcheck.customercenter.domain;

import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The write side of the projection (called by the event consumers, inside their transaction) and its read side.
 * Schedule details are joined when a page is read rather than copied into pages when they arrive: the schedule
 * topic and the reservation topic are consumed concurrently, and a copy made by either side could miss a row the
 * other had not committed yet.
 */
@Service
public class MyPages {

    private final MyPageRepository pages;
    private final ScheduleDetailsRepository schedules;

    MyPages(MyPageRepository pages, ScheduleDetailsRepository schedules) {
        this.pages = pages;
        this.schedules = schedules;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void bookingPlaced(long reservationId, long scheduleId, int count, String customerId, Instant at) {
        change(reservationId, page -> page.bookingPlaced(scheduleId, count, customerId, at));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void bookingCancelled(long reservationId, long scheduleId, int count, String customerId, Instant at) {
        change(reservationId, page -> page.bookingCancelled(scheduleId, count, customerId, at));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void mailingChanged(long reservationId, long deliveryId, DeliveryStatus status, int sequence,
                               Instant at) {
        change(reservationId, page -> page.mailingChanged(deliveryId, status, sequence, at));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void scheduleRegistered(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime,
                                   String centre, String checkupPackage, Instant at) {
        ScheduleDetails registered =
                new ScheduleDetails(scheduleId, capacity, checkupDate, checkupTime, centre, checkupPackage, at);
        // saved either way: nothing writes a changed entity by itself at the commit (there is no persistence context)
        ScheduleDetails details = schedules.findById(scheduleId).orElse(null);
        if (details == null) {
            details = registered;
        } else {
            details.merge(registered);
        }
        schedules.save(details);
    }

    @Transactional(readOnly = true)
    public Optional<MyPageView> find(long reservationId) {
        return pages.findById(reservationId)
                .filter(MyPage::isBookingKnown)
                .map(page -> new MyPageView(page,
                        page.scheduleId() == null ? null : schedules.findById(page.scheduleId()).orElse(null),
                        pages.findStepsOf(List.of(reservationId)).stream()
                                .map(MyPageRepository.RecordedStep::entry).toList()));
    }

    /** One page of the customer's bookings, each with its schedule's details and history. */
    @Transactional(readOnly = true)
    public Page<MyPageView> findByCustomer(String customerId, Pageable page) {
        Page<MyPage> found = pages.findByCustomerIdAndReservationStatusIsNotNull(customerId, page);
        if (found.isEmpty()) { // nothing to look up, and an empty "in ()" is not SQL
            return found.map(myPage -> new MyPageView(myPage, null, List.of()));
        }
        Map<Long, ScheduleDetails> details = schedules
                .findAllById(found.stream().map(MyPage::scheduleId).distinct().toList()).stream()
                .collect(Collectors.toMap(ScheduleDetails::scheduleId, Function.identity()));
        Map<Long, List<HistoryEntry>> histories = pages
                .findStepsOf(found.stream().map(MyPage::reservationId).toList()).stream()
                .collect(Collectors.groupingBy(MyPageRepository.RecordedStep::reservationId,
                        Collectors.mapping(MyPageRepository.RecordedStep::entry, Collectors.toList())));
        return found.map(myPage -> new MyPageView(myPage, details.get(myPage.scheduleId()),
                histories.getOrDefault(myPage.reservationId(), List.of())));
    }

    /**
     * Applies an event to the booking's page, starting the page with the first event, and stores the page once the
     * event is applied: a new page in one insert, a known one in one update that checks the version it was read at.
     * Two first events for one booking may race to create its page, and two events for a known page to change it;
     * the primary key or the version fails the loser, and it retries. Then the event's step joins the history in
     * one statement, which neither reads nor rewrites the steps already there.
     */
    private void change(long reservationId, Function<MyPage, HistoryEntry> event) {
        MyPage page = pages.findById(reservationId).orElseGet(() -> MyPage.startFor(reservationId));
        HistoryEntry step = event.apply(page);
        pages.save(page);
        pages.appendStepUnlessRecorded(reservationId, step.step(), step.at());
    }
}
