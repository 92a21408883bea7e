package dev.sluice.jakarta;

import dev.sluice.codec.Arguments;
import dev.sluice.codec.InvalidArgumentException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses given to {@code sendMessage}, split before anything is sent: the valid ones (in
 * order, one RCPT each) and the ones no server could take (not an Internet address, malformed, a
 * control character), which Jakarta Mail reports as invalid.
 */
record RecipientSorting(List<Address> valid, List<String> envelopeRecipients, List<Address> invalid) {

  static RecipientSorting check(Address[] addresses) {
    List<Address> valid = new ArrayList<>();
    List<String> recipients = new ArrayList<>();
    List<Address> invalid = new ArrayList<>();
    if (addresses != null) {
      for (Address a : addresses) {
        try {
          String address = MessageContents.address(a);
          Arguments.checkMailbox("rcpt-to", address, false);
          valid.add(a);
          recipients.add(address);
        } catch (MessagingException | InvalidArgumentException e) {
          invalid.add(a);
        }
      }
    }
    return new RecipientSorting(List.copyOf(valid), List.copyOf(recipients), List.copyOf(invalid));
  }

  Address[] validArray() {
    return valid.toArray(Address[]::new);
  }

  Address[] invalidArray() {
    return invalid.toArray(Address[]::new);
  }
}
