package healthcheck.customercenter.domain;

import org.springframework.data.repository.ListCrudRepository;

interface ScheduleDetailsRepository extends ListCrudRepository<ScheduleDetails, Long> {
}
