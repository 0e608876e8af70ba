package healthcheck.customercenter.domain;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;

interface MyPageRepository extends ListCrudRepository<MyPage, Long> {

    Page<MyPage> findByCustomerIdAndReservationStatusIsNotNull(String customerId, Pageable page);
}
