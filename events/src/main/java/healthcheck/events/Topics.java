package healthcheck.events;

import java.util.Map;

/** Topic names and the event types each carries; one topic per publishing service. */
public final class Topics {

    public static final String SCHEDULE = "healthcheck.schedule";
    public static final String RESERVATION = "healthcheck.reservation";
    public static final String DELIVERY = "healthcheck.delivery";

    /** The Kafka header that names the event type, so consumers can route without parsing the payload first. */
    public static final String EVENT_TYPE_HEADER = "eventType";

    private static final Map<String, Class<? extends IntegrationEvent>> TYPES = Map.of(
            ScheduleRegistered.TYPE, ScheduleRegistered.class,
            ReservationPlaced.TYPE, ReservationPlaced.class,
            ReservationCancelled.TYPE, ReservationCancelled.class,
            ReservationFailed.TYPE, ReservationFailed.class,
            DeliveryStatusChanged.TYPE, DeliveryStatusChanged.class);

    private Topics() {
    }

    static String topicOf(IntegrationEvent event) {
        return switch (event) {
            case ScheduleRegistered ignored -> SCHEDULE;
            case ReservationPlaced ignored -> RESERVATION;
            case ReservationCancelled ignored -> RESERVATION;
            case ReservationFailed ignored -> RESERVATION;
            case DeliveryStatusChanged ignored -> DELIVERY;
        };
    }

    /** The record class for an event type name, or null for a type this version does not know. */
    public static Class<? extends IntegrationEvent> classOf(String type) {
        return type == null ? null : TYPES.get(type);
    }
}
