package healthcheck.customercenter.domain;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface MyPageRepository extends JpaRepository<MyPage, Long> {

    List<MyPage> findByCustomerIdAndReservationStatusIsNotNullOrderByReservationIdAsc(String customerId);
}
