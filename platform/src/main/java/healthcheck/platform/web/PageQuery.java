package healthcheck.platform.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * The page of a list a request asks for: {@code ?page=} (0-based, default 0) and {@code ?size=} (default
 * {@value #DEFAULT_SIZE}, at most {@value #MAX_SIZE}). Every list endpoint takes it as a {@code @Valid} argument and
 * answers a {@link org.springframework.data.web.PagedModel}, so all lists page the same way.
 *
 * <p>A value out of range is refused (400 {@code VALIDATION_FAILED} naming {@code page} or {@code size}), never
 * clamped: a client that asked for 500 and quietly got 100 would believe it had seen everything.
 */
public record PageQuery(@Min(0) @Max(MAX_PAGE) Integer page, @Min(1) @Max(MAX_SIZE) Integer size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /**
     * The database is asked for the rows from {@code page × size} on. The bound keeps that offset an {@code int}
     * (what JPA took when the services ran on it, and far beyond any real listing), so a page past it is refused
     * with a 400 rather than handed to the store.
     */
    public static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE;

    /** Parameters left out take their defaults; the ones given are validated as they are. */
    public PageQuery {
        page = page == null ? 0 : page;
        size = size == null ? DEFAULT_SIZE : size;
    }

    /**
     * This page in the given order, which must be total (e.g. by the aggregate's id): rows that tie may come back
     * in a different order on every query, and then walking the pages skips some rows and repeats others.
     */
    public Pageable toPageable(Sort order) {
        if (order.isUnsorted()) {
            throw new IllegalArgumentException("A page needs a stable order, or walking the pages skips rows");
        }
        return PageRequest.of(page, size, order);
    }
}
