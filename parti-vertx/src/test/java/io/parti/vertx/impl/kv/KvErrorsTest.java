package io.parti.vertx.impl.kv;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.ApiResponse;
import io.nats.client.support.JsonParser;
import io.nats.client.support.NatsJetStreamConstants;
import io.parti.vertx.PartiException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every JetStream error code the client names is classified on purpose. */
class KvErrorsTest {

  @Test
  void aWrongLastSequenceIsAConflict() throws Exception {
    assertThat(KvErrors.map("update b/k", api(NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE)))
        .isInstanceOf(PartiException.Conflict.class).hasMessage("update b/k: revision conflict");
  }

  @Test
  void aConflictCarriesTheRevisionTheServerReportsOrNone() throws Exception {
    PartiException.Conflict reported = (PartiException.Conflict) KvErrors.map("create b/k",
        api(NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE, "wrong last sequence: 17"));
    assertThat(reported.currentRevision()).isEqualTo(17);
    assertThat(reported).hasMessage("create b/k: revision conflict, the key's last entry is revision 17");

    assertThat(((PartiException.Conflict) KvErrors.map("create b/k", api(NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE)))
        .currentRevision()).isEqualTo(-1);
    assertThat(KvErrors.currentRevision("wrong last sequence: ")).isEqualTo(-1);
    assertThat(KvErrors.currentRevision("wrong last sequence: 99999999999999999999999")).isEqualTo(-1);
    assertThat(KvErrors.currentRevision(null)).isEqualTo(-1);
    assertThat(KvErrors.currentRevision("wrong last sequence: \u0661\u0662")).as("not ASCII digits").isEqualTo(-1);
  }

  @Test
  void aSequenceTemporarilyUnknownIsNoAnswerYetNotAConflict() throws Exception {
    assertThat(KvErrors.map("create b/k", new CompletionException(api(NatsJetStreamConstants.JS_SEQUENCE_TEMPORARILY_UNKNOWN))))
        .isInstanceOf(PartiException.Unavailable.class).hasMessageContaining("temporarily unknown");
  }

  @Test
  void otherCodesAndTransportFailuresAreUnavailableOrTimeouts() throws Exception {
    assertThat(KvErrors.map("get b/k", api(NatsJetStreamConstants.JS_NO_MESSAGE_FOUND_ERR))).isInstanceOf(PartiException.Unavailable.class);
    assertThat(KvErrors.map("watch b/>", api(NatsJetStreamConstants.JS_CONSUMER_NOT_FOUND_ERR))).isInstanceOf(PartiException.Unavailable.class);
    assertThat(KvErrors.map("put b/k", api(10999))).isInstanceOf(PartiException.Unavailable.class).hasMessageStartingWith("put b/k: ");
    assertThat(KvErrors.map("put b/k", new TimeoutException())).isInstanceOf(PartiException.Timeout.class);
    assertThat(KvErrors.map("put b/k", new IOException("Connection is Closed"))).isInstanceOf(PartiException.Unavailable.class);
  }

  private static JetStreamApiException api(int code) throws Exception {
    return api(code, "from the server");
  }

  private static JetStreamApiException api(int code, String description) throws Exception {
    ApiResponse<Object> response = new ApiResponse<>(JsonParser.parse(
        "{\"error\":{\"code\":400,\"err_code\":" + code + ",\"description\":\"" + description + "\"}}")) { };
    return new JetStreamApiException(response);
  }
}
