"""Small valid content used across the tests."""

from __future__ import annotations

BANK = """
bank: sample-law
title: Sample law bank
section: law
topic: admission
sources: ["INA 235"]
questions:
  - id: s-single
    type: single
    prompt: Which section of the INA governs inspection by immigration officers?
    options: ["INA 212", "INA 235", "INA 237", "INA 240"]
    answer: B
    explanation: INA 235 covers inspection. The others cover other things.
    references: ["INA 235"]
    difficulty: 2
    tags: [inspection]
  - id: s-multiple
    type: multiple
    prompt: Which are forms?
    options: ["I-94", "I-275", "INA 235"]
    answer: [A, B]
    explanation: I-94 and I-275 are forms. INA 235 is a statute.
    difficulty: 3
  - id: s-tf
    type: true_false
    prompt: An applicant for admission bears the burden of proof.
    answer: true
    explanation: INA 291 puts it on the applicant. It does not shift to the officer.
    difficulty: 1
    topic: burden
  - id: s-numeric
    type: numeric
    prompt: How many days may a VWP visitor stay at most?
    answer: 90
    unit: days
    explanation: INA 217(a)(1) allows 90 days. Not 180.
    difficulty: 2
    topic: vwp
  - id: s-text
    type: text
    prompt: Cite the fraud ground of inadmissibility.
    answer: ["INA 212(a)(6)(C)(i)"]
    citation: true
    explanation: It is 212(a)(6)(C)(i). The (ii) clause is false claims to citizenship.
    difficulty: 4
  - id: s-order
    type: order
    prompt: Put the steps in order.
    options: [Primary, Secondary, Decision]
    answer: [A, B, C]
    explanation: Primary comes first. A decision comes last.
    difficulty: 2
  - id: s-match
    type: match
    prompt: Match each form to its use.
    items: ["I-94", "I-275"]
    options: [Arrival record, Withdrawal of application]
    answer: [A, B]
    explanation: I-94 records arrival. I-275 records a withdrawal.
    difficulty: 3
  - id: s-rate
    type: rate
    prompt: Rate each response.
    options: [Explain calmly, Raise your voice]
    answer: [5, 1]
    scale: {low: 1, high: 5, labels: {1: Very ineffective, 5: Very effective}}
    explanation: Calm explanation de-escalates. Shouting escalates.
    difficulty: 3
"""

BLUEPRINT = """
blueprint: sample-exam
title: Sample exam
modelled_on: Nothing real
pass_mark: 70
sections:
  - id: law
    title: Law
    minutes: 10
    draw:
      - {section: law, count: 3}
"""

SCENARIO = """
scenario: sample-interview
title: Sample interview
setting: Secondary inspection
role: You are the officer.
sources: ["8 CFR 235.1"]
competencies: {professionalism: Courtesy and control}
state:
  agitation: {initial: 2, min: 0, max: 10}
start: greet
nodes:
  greet:
    say: Why am I here?
    choices:
      - text: Explain the process.
        goto: explain
        add: {agitation: -1}
        scores: {professionalism: 2}
      - text: Tell them to be quiet.
        goto: refused
        when: agitation > 1
  explain:
    say:
      - {text: Fine., when: agitation < 3}
      - {text: Whatever.}
    goto: admitted
endings:
  admitted: {outcome: admitted, title: Admitted, debrief: Well done.}
  refused: {outcome: refused, title: Refused, debrief: Too harsh.}
"""

EXHIBITS = """
bank: sample-exhibits
title: Questions with exhibits
section: documents
topic: review
sources: ["ICAO Doc 9303, Part 4"]
questions:
  - id: x-document
    type: single
    prompt: Which field of this data page disagrees with its machine-readable zone?
    exhibit:
      kind: document
      title: Passport data page
      fields:
        Surname: ERIKSSON
        Given names: ANNA MARIA
        Nationality: Utopia
        Date of birth: 12 AUG 1974
        Date of expiry: 15 APR 2032
      mrz:
        - P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
        - L898902C36UTO7408122F1204159ZE184226B<<<<<10
    options: [Surname, Date of birth, Date of expiry, Nationality]
    answer: C
    explanation: The zone gives an expiry of 15 April 2012 (120415). The page says 2032.
    references: ["ICAO Doc 9303, Part 4"]
    difficulty: 2
  - id: x-passage
    type: single
    prompt: From the passage alone, which statement must be true?
    exhibit:
      kind: passage
      title: Shift notes
      text: >-
        Every officer on the night shift at Harbor Point has completed radiation-safety
        training. Officer Lin works the night shift at Harbor Point.
    options:
      - Officer Lin has completed radiation-safety training
      - Every officer who has completed radiation-safety training works at Harbor Point
      - Some officers at Harbor Point have not completed radiation-safety training
      - Officer Lin completed the training before joining the night shift
      - No officer outside Harbor Point has completed radiation-safety training
      - Officer Lin operates the radiation pager on every shift she works
      - Every night shift at Harbor Point is staffed by trained officers only
      - Officer Lin will be moved to the day shift once the training lapses
    answer: A
    explanation: A applies the all statement to one member. The others go beyond the passage.
    difficulty: 1
  - id: x-table
    type: numeric
    prompt: How many travelers did the two booths process together?
    exhibit:
      kind: table
      title: Booth counts
      columns: [Booth, Travelers]
      rows: [["A [b]1[/b]", 120], ["B2", 95]]
    answer: 215
    explanation: 120 and 95 make 215. Add the two rows.
    difficulty: 1
  - id: x-multiple
    type: multiple
    prompt: Which faults does this travel set show? Choose every one that applies.
    options:
      - "Visa: the page and the machine-readable zone differ on the surname of the holder"
      - "Passport: the date of expiry in the machine-readable zone is not a real calendar date"
      - "None of these: the documents are in order"
    answer: [A, B]
    explanation: The visa's zone spells the surname differently. The passport's expiry is 31 June.
    difficulty: 3
"""

# The sample scenario with a free-text answer scored by a rubric (the ask step) before its
# explanation, and its admitting choice led back to that step instead.
RUBRIC = SCENARIO.replace(
    """  explain:
    say:""",
    """  ask:
    say: Tell me why.
    free_text:
      prompt: Explain the authority.
      goto: admitted
      scores: {professionalism: 4}
      rubric:
        - {point: Names the law, phrases: ["19 USC 1582", "customs law"], weight: 3}
        - {point: Says what happens next, phrases: ["open the bag", "search the bag"]}
  explain:
    say:""",
).replace("goto: admitted\nendings", "goto: ask\nendings")

# ICAO 9303 part 4's specimen passport zone (the Utopian ERIKSSON, ANNA MARIA).
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
