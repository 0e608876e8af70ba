package healthcheck.customercenter.domain;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface MyPageRepository extends JpaRepository<MyPage, Long> {

    Page<MyPage> findByCustomerIdAndReservationStatusIsNotNull(String customerId, Pageable page);
}
