/**
 * Two small flows for the checklist tests: one that declares every item the
 * notice and the record can carry, one that declares as little as the
 * language allows — so each item is seen both present and marked absent.
 */

/** Declares a DPO, security, recipients, a transfer, subjects, automated decisions, special data, every kind of provision. */
export const FULL = `
flow Clinic version "3.2.1"
controller "Harbour Clinic" contact "privacy@harbour.example" dpo "dpo@harbour.example"
security "Encrypted at rest; access limited to clinical staff"

purpose booking "Book your appointment" {
  basis contract
  needs name, symptoms
  retain 1 year
  shared with "BookIt Ltd (processor)"
  transfer to "Canada" under "Adequacy decision (Art. 45)"
  subjects "patients"
  condition health_care "Care by our registered clinicians, who are bound by professional secrecy"
  category essential.service
}

purpose reminders "Text you appointment reminders" {
  basis consent
  consent valid 12 months
  needs phone
  retain 6 months or until withdrawn
  withdraw on "stop"
  category essential.service.notifications.sms
}

purpose triage "Decide how urgent your visit is" {
  basis legitimate_interests "Seeing urgent cases first keeps patients safe"
  needs symptoms
  retain 30 days
  condition health_care "Care by our registered clinicians, who are bound by professional secrecy"
  automated profiling "Your answers are scored; a high score puts you first in the list a nurse reviews each morning"
}

purpose records "Keep the records health law requires" {
  basis legal_obligation "Health Records Act 2020, s. 4"
  needs name
  retain 10 years
}

field name: text(80) "your full name" category user.name
field symptoms: text(500) "your symptoms" special health category user.health_and_medical
field phone: phone "your mobile number" category user.contact.phone_number

ask name "What's your name?" for booking under contract, records under legal_obligation
ask symptoms "What are your symptoms?" for booking under contract, triage under legitimate_interests
consent reminders "May we text you reminders? Reply stop to end them."
  refused -> done
ask phone "Your mobile number?" for reminders under consent
  optional
end done "You're booked."
`;

/** FULL with a direct-marketing purpose besides (Art. 21(2)–(4)). */
export const FULL_MARKETING = FULL.replace(
  "purpose triage",
  'purpose offers "Text you our offers" {\n  basis consent\n  direct_marketing\n  needs phone\n  retain until withdrawn\n  object on "stop offers"\n}\n\npurpose triage',
).replace("ask phone \"Your mobile number?\" for reminders under consent", "consent offers \"Offers too?\"\n  refused -> done\nask phone \"Your mobile number?\" for reminders under consent, offers under consent");
/** Declares no DPO, security, recipients, transfers, subjects or automated decisions; one contract purpose. */
export const MINIMAL = `
flow Tiny version "0.1.0"
controller "Tiny Co" contact "hello@tiny.example"

purpose reply "Reply to your question" {
  basis contract
  needs email
  retain 7 days
}

field email: email "your email address"

ask email "Where should we reply?" for reply under contract
end "Thanks!"
`;
