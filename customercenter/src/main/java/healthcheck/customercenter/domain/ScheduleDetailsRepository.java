package healthcheck.customercenter.domain;

import org.springframework.data.jpa.repository.JpaRepository;

interface ScheduleDetailsRepository extends JpaRepository<ScheduleDetails, Long> {
}
