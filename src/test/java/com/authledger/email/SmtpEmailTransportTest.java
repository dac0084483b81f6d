package com.authledger.email;

import com.authledger.shared.TransportFailure;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The SMTP transport builds one plain-text UTF-8 message per email, and its failures never quote the address. */
class SmtpEmailTransportTest {

    private static final String ADDRESS = "alice@shop.example";
    private static final EmailMessage MESSAGE = new EmailMessage("us-east-1_Pool12345", ADDRESS,
            "Your Shop verification code", "Your code is 123456 – valid for 10 minutes", "verify-email");

    private final JavaMailSender mail = mock(JavaMailSender.class);

    @BeforeEach
    void mimeMessages() {
        when(mail.createMimeMessage()).thenAnswer(call -> new MimeMessage(Session.getInstance(new Properties())));
    }

    @Test
    void theMessageIsPlainUtf8TextFromTheConfiguredSenderToOneRecipient() throws Exception {
        new SmtpEmailTransport(mail, "Shop <no-reply@shop.example>").deliver(MESSAGE);

        ArgumentCaptor<MimeMessage> sent = ArgumentCaptor.forClass(MimeMessage.class);
        verify(mail).send(sent.capture());
        MimeMessage message = sent.getValue();
        message.saveChanges();
        assertThat(message.getFrom()).containsExactly(new InternetAddress("Shop <no-reply@shop.example>"));
        assertThat(message.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress(ADDRESS));
        assertThat(message.getRecipients(Message.RecipientType.CC)).isNull();
        assertThat(message.getSubject()).isEqualTo("Your Shop verification code");
        assertThat(message.getContent()).isEqualTo("Your code is 123456 – valid for 10 minutes");
        assertThat(message.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }

    @Test
    void aLineBreakInTheSubjectCannotStartAnotherHeader() throws Exception {
        new SmtpEmailTransport(mail, "no-reply@shop.example").deliver(new EmailMessage("p", ADDRESS,
                "Code\r\nBcc: mallory@evil.example", "text", "verify-email"));

        ArgumentCaptor<MimeMessage> sent = ArgumentCaptor.forClass(MimeMessage.class);
        verify(mail).send(sent.capture());
        assertThat(sent.getValue().getSubject()).isEqualTo("Code Bcc: mallory@evil.example");
        assertThat(sent.getValue().getRecipients(Message.RecipientType.BCC)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-address", "alice@shop.example, mallory@evil.example", "alice", "",
            "alice@shop.example\r\nBcc: mallory@evil.example"})
    void aDestinationThatIsNotExactlyOneAddressIsRefusedWithoutQuotingIt(String destination) {
        SmtpEmailTransport smtp = new SmtpEmailTransport(mail, "no-reply@shop.example");

        assertThatThrownBy(() -> smtp.deliver(new EmailMessage("p", destination, "s", "t", "verify-email")))
                .isInstanceOf(TransportFailure.class).hasMessage("The destination is not one valid email address");
        verify(mail, never()).send(any(MimeMessage.class));
    }

    @Test
    void aDisplayNameInTheDestinationIsDropped() throws Exception {
        new SmtpEmailTransport(mail, "no-reply@shop.example").deliver(new EmailMessage("p",
                "Alice <alice@shop.example>", "s", "t", "verify-email"));

        ArgumentCaptor<MimeMessage> sent = ArgumentCaptor.forClass(MimeMessage.class);
        verify(mail).send(sent.capture());
        assertThat(((InternetAddress) sent.getValue().getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isNull();
    }

    @Test
    void serverFailuresBecomeTransportFailuresThatNeverQuoteTheAddress() {
        SmtpEmailTransport smtp = new SmtpEmailTransport(mail, "no-reply@shop.example");
        doThrow(new MailSendException("550 5.1.1 <" + ADDRESS + ">: Recipient address rejected"))
                .when(mail).send(any(MimeMessage.class));
        assertThatThrownBy(() -> smtp.deliver(MESSAGE)).isInstanceOf(TransportFailure.class)
                .hasMessageNotContaining(ADDRESS).hasMessageContaining("did not take the message");

        doThrow(new MailAuthenticationException("535 authentication failed for " + ADDRESS))
                .when(mail).send(any(MimeMessage.class));
        assertThatThrownBy(() -> smtp.deliver(MESSAGE)).isInstanceOf(TransportFailure.class)
                .hasMessage("The SMTP server refused the configured credentials");
    }

    @Test
    void theSenderAddressIsRequiredAndMustBeOneAddress() {
        assertThatThrownBy(() -> new SmtpEmailTransport(mail, ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("authledger.email.from");
        assertThatThrownBy(() -> new SmtpEmailTransport(mail, "a@x.example, b@x.example"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("authledger.email.from");
        assertThat(MESSAGE.toString()).doesNotContain(ADDRESS, "123456");
    }
}
