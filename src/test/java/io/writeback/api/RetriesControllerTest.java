package io.writeback.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.writeback.ledger.RetrySource;
import io.writeback.retry.Retries;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The retry API's requests as the controller reads them (a web slice with the API's security and errors): each bad
 * body is a 400 naming its field and reaches no retry; a good one asks {@link Retries} for exactly what it says. What
 * a retry then does is RetryApiTest's, end to end.
 */
@WebMvcTest(RetriesController.class)
@Import({ApiSecurity.class, ApiErrors.class})
class RetriesControllerTest {

    private static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString(
            "ops:writeback".getBytes(StandardCharsets.UTF_8));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Retries retries;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/retries           | []                                          | body",
            "/api/retries           | {}                                          | orderNumbers",
            "/api/retries           | {\"orderNumbers\": [\"1\"], \"tag\": \"x\"} | tag",
            "/api/retries           | {\"orderNumbers\": []}                      | orderNumbers",
            "/api/retries           | {\"orderNumbers\": [\"1\", 2]}              | orderNumbers",
            "/api/retries           | {\"tag\": \"\"}                             | tag",
            "/api/retries           | {\"tag\": \"t\", \"channel\": \"ebay\"}     | channel",
            "/api/retries           | {\"tag\": \"t\", \"storeId\": 5}            | storeId",
            "/api/orders/1001/retry | {\"confirm\": \"yes\"}                      | confirm",
            "/api/orders/1001/retry | {\"confirm\": 1}                            | confirm",
    })
    void aBadBodyIsA400NamingItsFieldAndRetriesNothing(String path, String body, String field) throws Exception {
        mvc.perform(post(path).header("Authorization", OPERATOR).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.field").value(field));
        verifyNoInteractions(retries);
    }

    @Test
    void anUnknownChannelIsNamedWithTheOnesThereAre() throws Exception {
        mvc.perform(post("/api/retries").header("Authorization", OPERATOR).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tag\": \"Failed Shipment Notification\", \"channel\": \"ebay\"}"))
                .andExpect(jsonPath("$.message").value(
                        "channel must be one of shopify, amazon, bigcommerce, magento, woocommerce, volusion"));
    }

    @Test
    void ordersByNumberAreRetriedForTheUserWhoAsked() throws Exception {
        when(retries.retryOrders(any(), any(), any())).thenReturn(new Retries.Outcome(2, List.of()));

        mvc.perform(post("/api/retries").header("Authorization", OPERATOR).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"orderNumbers\": [\"1001\", \"1002\"]}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.queued").value(2));
        verify(retries).retryOrders(List.of("1001", "1002"), RetrySource.API, "user ops");
    }

    @Test
    void aTaggedRetryPassesItsFilters() throws Exception {
        when(retries.retryTagged(any(), any(), any(), any(), any())).thenReturn(new Retries.Outcome(0, List.of()));

        mvc.perform(post("/api/retries").header("Authorization", OPERATOR).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tag\": \"Failed Shipment Notification\", \"channel\": \"magento\"}"))
                .andExpect(status().isAccepted());
        verify(retries).retryTagged("Failed Shipment Notification", "magento", null, RetrySource.API, "user ops");
    }

    @Test
    void aConfirmedRetryOfOneOrderSaysSo() throws Exception {
        when(retries.retryOrder(any(), eq(true), any(), any())).thenReturn(new Retries.Outcome(1, List.of()));

        mvc.perform(post("/api/orders/1001/retry").header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"confirm\": true}"))
                .andExpect(status().isAccepted());
        verify(retries).retryOrder("1001", true, RetrySource.API, "user ops");
    }

    @Test
    void withoutCredentialsNothingIsRetried() throws Exception {
        mvc.perform(post("/api/retries").contentType(MediaType.APPLICATION_JSON).content("{\"tag\": \"t\"}"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(retries);
    }
}
