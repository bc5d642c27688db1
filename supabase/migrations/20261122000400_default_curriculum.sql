-- The default reflective-parenting curriculum, version 1.
-- GENERATED from curriculum/reflective-parenting/*.md by `npm run curriculum:sql`; do not edit.
-- Later changes are made in the app (a new version) or by a new migration.

select private.install_curriculum('reflective-parenting', $curriculum$[
 {
  "number": 1,
  "title": "What we bring",
  "aims": [
   "Get to know each other and agree together how our group will work",
   "Explore the idea of a \"parent map\": the experiences, beliefs and feelings each of us brings to caring",
   "Recognise that becoming a Special Guardian is a journey of its own"
  ],
  "slides": [
   "### Welcome\n\nWelcome to Reflective Parenting. We are really glad you are here. Over the next eight weeks we will learn together, share ideas and support each other.",
   "### Who is in the room\n\n- Grandparents, aunts, uncles, brothers, sisters and family friends\n- Some of you have been caring for years, some for a few weeks\n- Everyone here stepped in when a child needed them",
   "### Our group agreement\n\n- What is shared here stays here, unless someone may be at risk\n- One person talks at a time\n- It is fine to pass\n- No judging: not others, not ourselves\n- What would you add?",
   "### What this group is about\n\nReflective parenting means being curious about what is going on inside a child's mind, and inside our own. Thoughts and feelings drive behaviour. Understanding them a little better often makes things a little easier.",
   "### Your parent map\n\nWe all carry a kind of map inside us. It is drawn from:\n\n- how we were brought up\n- what we believe about children and families\n- what has happened in our lives\n- how we are feeling right now",
   "### How our map guides us\n\nOur map helps us find our way, often without us noticing. Some parts may be drawn for a different child or a different time. Noticing the map helps us choose, rather than just react.",
   "### A journey of its own\n\nBecoming a Special Guardian was probably not the plan. It can bring love, pride and purpose. It can also bring loss, worry, tiredness and family strain. All of these feelings make sense.",
   "### Roles that change\n\n- A grandparent becomes a parent again\n- An older sister or brother becomes the carer\n- A friend becomes family in a new way\n\nWhen roles change, relationships across the whole family can change too.",
   "### What you bring\n\nYou bring love, life experience and knowledge of your family. You do not need to be perfect. Being here, and being willing to think, already makes a difference."
  ],
  "prompts": [
   "What made you decide to come to this group?",
   "What is one thing from your own childhood that you would like to pass on?",
   "Is there anything from your own upbringing you would like to do differently?",
   "What has surprised you most about becoming a Special Guardian?",
   "What feelings came up for you when the child first came to live with you?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome, housekeeping and introductions: 20 min\n- Making the group agreement together: 15 min\n- Teaching slides (what the group is about, the parent map, the Special Guardian journey): 25 min\n- Break: 15 min\n- Discussion in pairs, then the whole group: 30 min\n- Introducing home practice: 10 min\n- Close and a short \"one word to describe how you feel now\" round: 5 min\n\nThis first session is mostly about safety and belonging. Many carers arrive feeling tired, judged or unsure whether the group is \"for people like them\". Go at a gentle pace, learn names, and make it clear that nobody has to share more than they want to. Write the group agreement up as the group builds it and keep it visible every week.\n\nWhen introducing the parent map, use an example from your own life if you feel comfortable, such as a saying from your own childhood. Stress that no map is \"right\" or \"wrong\"; the aim is simply to notice it. Carers may talk about their own difficult childhoods or about the child's parent, who may be their own son, daughter, brother or sister. Acknowledge how painful and complicated this can be, and gently steer away from blame of anyone, including carers blaming themselves.\n\nStrong feelings are likely. If someone becomes upset, slow down, acknowledge it warmly and offer a pause. One facilitator can check in quietly with them at the break. Remind everyone of the confidentiality limit in the agreement: if a carer discloses a risk to a child or to themselves, follow your safeguarding procedure and raise a concern in the app.",
  "home_practice": "This week, spend a few quiet minutes thinking about your own parent map. You might jot down three things that shaped how you care for children: a person, a saying you grew up with, or something that happened to you.\n\nThen see if you can notice one moment when your map showed up, for example when you heard yourself say something your own parent used to say. There is no need to change anything yet. Just notice it, and bring it along next week if you would like to share."
 },
 {
  "number": 2,
  "title": "Looking after ourselves to look after them",
  "aims": [
   "Understand why our own feelings matter so much when we care for a child",
   "Learn to notice our own \"feelings temperature\" before it boils over",
   "Practise simple ways to pause before we respond"
  ],
  "slides": [
   "### Welcome back\n\nHow has your week been? Did you notice your parent map showing up at all?",
   "### Two sets of feelings\n\nWhen a child is upset, there are two sets of feelings in the room: theirs and yours. Both matter. It is very hard to calm a child when we are not calm ourselves.",
   "### Your feelings temperature\n\nImagine a thermometer inside you.\n\n- **Cool:** calm, able to think clearly\n- **Warm:** tense, irritated or worried\n- **Hot:** shouting, shutting down or wanting to walk out",
   "### When things get too hot\n\nWhen feelings run very hot, the thinking part of our brain goes quiet for a while. This happens to everyone. It is not a failure. It is a signal that we need to cool down.",
   "### Your early warning signs\n\n- Tight shoulders or jaw\n- Heart beating faster\n- Voice getting louder\n- Thoughts like \"Here we go again\"\n\nWhat are your signs?",
   "### Why it can run hot for kinship carers\n\n- Tiredness, health or money worries\n- Grief for the life you expected\n- Worry about the child's parent\n- Old memories stirred up\n- Little time just for you",
   "### The power of a pause\n\nA pause gives your thinking brain time to catch up. A few seconds can help:\n\n- a slow breath out\n- counting to five\n- a sip of water\n- \"Give me a minute, I'll be back\"",
   "### Looking after you\n\nLooking after yourself is not selfish. It is part of looking after your child. Small things count: a chat with a friend, a short walk, a cup of tea in peace, asking for help.",
   "### Be kind to yourself\n\nEvery carer loses their cool sometimes. What matters is noticing, cooling down and trying again. Try speaking to yourself the way you would speak to a good friend."
  ],
  "prompts": [
   "What pushes your temperature up most quickly?",
   "What are your own early warning signs that you are getting too hot?",
   "What helps you cool down, even a little?",
   "Who or what supports you at the moment, and where are the gaps?",
   "What gets in the way of looking after yourself?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome and check-in on last week's home practice: 20 min\n- Teaching slides (two sets of feelings, feelings temperature, pausing): 30 min\n- Break: 15 min\n- Discussion, including a short pause practice together: 35 min\n- Home practice: 10 min\n- Close: 10 min, ending with a calming breath together\n\nThe key message this week is that carers' feelings are not a side issue: they are central. Many kinship carers put themselves last, and some may feel guilty talking about their own needs. Make it clear that looking after themselves is part of the job, not a luxury. Normalise getting \"too hot\"; every parent and carer does.\n\nTry a pause together in the room, for example three slow breaths out, so carers can feel what it is like rather than just hear about it. Keep it optional and light. Some people find focusing on their breathing uncomfortable, so offer alternatives such as pressing their feet into the floor or holding a warm drink.\n\nTalking about stress may bring up exhaustion, illness, money worries or feeling alone. Listen, show you have heard, and where it fits, signpost to practical support your service knows about, rather than trying to solve problems in the session. If a carer says they are afraid of what they might do when they are very stressed, or describes harm to a child, follow your safeguarding procedure and raise a concern in the app. Follow up with them privately and kindly.",
  "home_practice": "Once a day this week, stop and ask yourself: \"What is my temperature right now: cool, warm or hot?\" You do not need to change anything. Just notice.\n\nThen, at least once, try a pause when you feel yourself warming up. It might be one slow breath out, or stepping into the kitchen for a moment. Also plan one small kind thing just for you this week, however small, and notice how it feels."
 },
 {
  "number": 3,
  "title": "The story behind behaviour",
  "aims": [
   "See behaviour as one of the ways children tell us something",
   "Become more curious about what might be going on in a child's mind",
   "Try a \"not-knowing\" approach: wondering rather than assuming"
  ],
  "slides": [
   "### Welcome back\n\nDid you notice your temperature this week? Did you manage a pause, even a short one?",
   "### Behaviour tells a story\n\nWhat we see on the outside, such as shouting, hiding, refusing or clinging, is only part of the picture. Underneath are thoughts, feelings and needs we cannot see.",
   "### What might be underneath?\n\n- Fear or feeling unsafe\n- Shame or embarrassment\n- Missing someone\n- Tiredness or hunger\n- Not having the words for big feelings",
   "### Minds are hidden\n\nWe can never know for certain what is in someone else's mind. We can only make a thoughtful guess, and stay open to being wrong.",
   "### Not knowing is OK\n\nInstead of \"I know why you did that\", try \"I wonder what was going on for you.\" Not knowing is not a weakness. It leaves room for the child to show or tell us.",
   "### Quick stories we tell ourselves\n\nWhen we are stressed, our minds jump to an explanation:\n\n- \"She's doing it on purpose.\"\n- \"He just wants to wind me up.\"\n- \"They don't care.\"\n\nThis is normal. But it may not be the whole story.",
   "### Yesterday shapes today\n\nChildren who have lived through hard times may have learned to stay on guard. Behaviour that seems \"over the top\" now may once have helped them cope.",
   "### One behaviour, many stories\n\nA child slams the door. It might mean:\n\n- \"I'm angry.\"\n- \"I'm scared of how angry I feel.\"\n- \"I need some space.\"\n- \"Nobody understands me.\"",
   "### Curiosity helps everyone\n\nWhen we get curious, we often calm down a little. The child feels thought about. And we have a better chance of finding what really helps."
  ],
  "prompts": [
   "Think of a recent behaviour that puzzled you. What might have been underneath it?",
   "What quick stories does your mind tell you when your child behaves in a hard way?",
   "How easy or hard is it for you to stay \"not knowing\"?",
   "When you were young, how did adults respond to your behaviour, and what did you learn from that?",
   "What helps you get curious rather than cross?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome: 10 min\n- Check-in on feelings temperature and pausing: 15 min\n- Teaching slides: 30 min\n- Break: 15 min\n- Discussion, including working through one carer's example together: 35 min\n- Home practice: 10 min\n- Close: 5 min\n\nThis session introduces the heart of the programme: behaviour has meaning, and the meaning lives in the child's mind. Emphasise that being curious does not mean accepting every behaviour, or that carers should never feel cross. It simply adds a question: \"What might be going on for this child?\"\n\nThe \"quick stories\" slide can bring some laughter and relief, because everyone recognises these thoughts. Treat them as normal, not as mistakes. When working through an example together, invite several possible explanations and do not settle on one \"right answer\". Model the not-knowing stance yourselves, for example: \"I'm not sure. What do others think?\"\n\nCarers may describe very challenging behaviour, such as aggression, self-harm or running away. Acknowledge how hard and frightening this can be before moving to curiosity. If anything shared suggests a child may be at risk of harm, follow your safeguarding procedure and raise a concern in the app. If a carer is struggling to cope, check in with them privately at the break or after the session.",
  "home_practice": "Pick one behaviour this week that puzzles or frustrates you. Later, when things are calm, think of at least three different things your child might have been thinking or feeling at the time. You could jot them down.\n\nYou do not need to find the right answer. The aim is simply to practise wondering. Notice whether thinking this way changes how you feel about the behaviour, even slightly."
 },
 {
  "number": 4,
  "title": "Attention and curiosity",
  "aims": [
   "Notice more closely what a child might be feeling, from the clues they give",
   "Practise \"wondering aloud\" in a gentle, light way",
   "Stay \"interested, not certain\" about what is in a child's mind"
  ],
  "slides": [
   "### Welcome back\n\nDid you find a different story behind a behaviour this week? What did you notice?",
   "### Paying attention\n\nChildren often show feelings before they can say them. Look for clues in:\n\n- their face and eyes\n- their body and voice\n- their play or drawings\n- what happened just before",
   "### Noticing before fixing\n\nWe often rush to fix a feeling or stop a behaviour. Simply noticing first, such as \"Something's not right, is it?\", can help a child feel seen.",
   "### Wondering aloud\n\nThis means gently saying your guess out loud:\n\n- \"I wonder if you're worried about tomorrow.\"\n- \"You seem quiet. I'm wondering if school was hard today.\"",
   "### Interested, not certain\n\nKeep your guesses light. Use words like *maybe*, *I wonder* and *I might be wrong*. If the child says \"No!\", that is fine. You are still talking.",
   "### Timing matters\n\nWondering works best when things are fairly calm. In the heat of the moment, keep it short and simple. Save bigger conversations for later.",
   "### Side by side\n\nMany children find face-to-face talk too much. Try chatting while:\n\n- in the car\n- cooking together\n- walking the dog\n- drawing or doing a jigsaw",
   "### Noticing the good times\n\nAttention is not only for hard moments. Notice what your child enjoys, what they are proud of, and when they seem at ease. Tell them what you see.",
   "### Turning curiosity inwards\n\nWe can wonder about ourselves too: \"I wonder why that got to me so much today.\" Our own feelings are worth being curious about."
  ],
  "prompts": [
   "What clues does your child give when something is wrong?",
   "How do you think your child might react if you wondered aloud about their feelings?",
   "When do you and your child seem to talk most easily?",
   "What makes it hard to stay curious in the moment?",
   "What good moments have you noticed with your child recently?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome: 10 min\n- Check-in on last week's home practice: 15 min\n- Teaching slides: 25 min\n- Break: 15 min\n- Discussion and short practice of wondering aloud in pairs: 40 min\n- Home practice: 10 min\n- Close: 5 min\n\nThe most important idea this week is the light touch. Carers sometimes worry about \"getting it wrong\" or putting words in a child's mouth. Reassure them that a tentative guess, offered kindly, is an invitation, not a verdict. Being wrong is fine; the child learns that someone is trying to understand them.\n\nA short role-play in pairs can help: one person describes a simple situation with a child, and the other practises wondering aloud. Keep it voluntary and low-pressure, and let people watch if they prefer. Demonstrate first, between the two facilitators, so people can see it is fine to stumble over the words.\n\nSome carers may say their child shuts down or gets angry when feelings are mentioned. This is common, especially for children who have learned that feelings were not safe to show. Encourage very small steps, side-by-side moments, and noticing the good as well as the hard. As always, if a carer discloses a risk to a child, follow your safeguarding procedure and raise a concern in the app.",
  "home_practice": "Try wondering aloud once or twice this week, in a calm moment. Keep it short and light, for example: \"I wonder if you're a bit tired after today.\" Notice how your child responds, and how it feels for you to say it.\n\nAlso look out for one good moment, however small, and tell your child what you noticed, such as \"You looked really happy playing with the dog.\""
 },
 {
  "number": 5,
  "title": "Seeing it from their side",
  "aims": [
   "Practise imagining a situation from the child's point of view",
   "Think about how a child's early experiences may shape what they expect from adults",
   "Understand that a child's view can be very different from ours and still make sense"
  ],
  "slides": [
   "### Welcome back\n\nDid you try wondering aloud this week? What happened?",
   "### Standing in their shoes\n\nSeeing it from their side means imagining how things look and feel to someone else. Not how *we* would feel in their place, but how *they* might feel.",
   "### Children learn what to expect\n\nFrom their earliest days, children learn what the world is like. If life felt frightening or unpredictable, a child may come to expect:\n\n- to be let down\n- to be in trouble\n- to be left",
   "### Old rules in a new home\n\nA child may still act as if the old rules apply, even now they are safe. Testing, pushing away or being \"too good\" can be ways of asking: *Will you stay?*",
   "### Love pulling both ways\n\nChildren can love their parents and love you too. They may feel guilty, confused, or protective of their mum or dad. These mixed feelings are normal and understandable.",
   "### How old do they feel?\n\nChildren who have been through a lot can seem much younger than their age at times. Think about how old they *feel* in that moment, not just how old they are.",
   "### One moment, two views\n\n- **You:** \"I'm just popping to the shop.\"\n- **Your child:** \"What if you don't come back?\"\n\nThe same moment can carry a very different meaning.",
   "### Your view counts too\n\nSeeing your child's side does not mean ignoring your own. You have feelings, limits and a history too. Keeping both in mind is the skill.",
   "### Understanding, not excusing\n\nUnderstanding why a child acts a certain way is not making excuses. It helps us respond in a way that fits what they really need."
  ],
  "prompts": [
   "Think of a recent tricky moment. How might it have looked from your child's side?",
   "What might your child have learned to expect from adults before they came to live with you?",
   "How does your child show mixed feelings about their family?",
   "How old does your child seem to feel when they are upset or frightened?",
   "What makes it hard to see things from their side?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome: 10 min\n- Check-in on wondering aloud: 15 min\n- Teaching slides: 30 min\n- Break: 15 min\n- Discussion, including retelling one situation from the child's view: 35 min\n- Home practice: 10 min\n- Close: 5 min\n\nThis session asks carers to think about the child's history, which may include neglect, abuse or other trauma. Keep the focus on what the child may have *learned* to expect, rather than on the details of what happened or who was responsible. Avoid language that blames the child's parents. Many carers are related to those parents and may feel grief, anger, loyalty and love all at once. Make room for those feelings without letting the room become a place of blame.\n\nEmphasise that seeing it from the child's side does not mean carers must put their own needs aside. The skill is holding both views at once. Carers who are exhausted may hear this session as \"more to do\"; acknowledge that, and link back to session two on looking after themselves.\n\nTalking about a child's past may stir up strong feelings, including carers' own memories of hard times. Pace the session gently and offer breaks. Remind the group that they do not have to share details. If a carer discloses current risk to a child, or new information about harm, follow your safeguarding procedure and raise a concern in the app.",
  "home_practice": "Choose one moment from this week that did not go well. Later, when you are calm, try retelling it from your child's side, as if you were them: \"I felt… I thought… I wanted…\". You can do this in your head, or write it down.\n\nNotice whether this changes how you see the moment. There is no need to share it with your child; it is just for you."
 },
 {
  "number": 6,
  "title": "Empathy and staying connected",
  "aims": [
   "Understand that empathy means showing we get a feeling, not agreeing with the behaviour",
   "Practise naming and accepting feelings while still holding boundaries",
   "Think about simple ways to stay connected when things are hard"
  ],
  "slides": [
   "### Welcome back\n\nDid you manage to see something from your child's side this week? What did you notice?",
   "### What is empathy?\n\nEmpathy is letting someone know you understand how they feel. It can sound like:\n\n- \"That was really hard.\"\n- \"No wonder you're upset.\"",
   "### Empathy is not agreeing\n\nWe can accept a feeling without accepting every action. \"I can see you're furious. I'm not going to let you hit anyone.\"",
   "### All feelings are allowed\n\nAnger, jealousy, sadness, fear: all feelings are OK. Not all behaviour is OK. Children need to hear both messages.",
   "### Boundaries help children feel safe\n\nClear, calm limits show a child that an adult is in charge and can cope. For a child who has known a lot of uncertainty, this can be a huge relief.",
   "### Feeling first, then the limit\n\n- Name the feeling: \"You really wanted to stay up.\"\n- Hold the limit: \"It's bedtime now.\"\n- Offer connection: \"Shall we read a story together?\"",
   "### When empathy is hard\n\nIt is hard to feel for a child who has just hurt or rejected us. Cool down first if you need to. Empathy can come later. It still counts.",
   "### Staying connected\n\nConnection does not need big talks. It can be:\n\n- a shared joke\n- a hot chocolate together\n- just sitting nearby\n- a note in a lunchbox",
   "### Empathy for you, too\n\nYou deserve understanding as well. Who gives you empathy? How could you show a little more of it to yourself?"
  ],
  "prompts": [
   "When did someone last really understand how you felt? What did they do or say?",
   "Which of your child's feelings do you find hardest to accept?",
   "How do you hold a limit and still stay warm?",
   "What small moments of connection work for you and your child?",
   "What gets in the way of empathy when you are tired or upset?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome: 10 min\n- Check-in on last week's home practice: 15 min\n- Teaching slides: 30 min\n- Break: 15 min\n- Discussion and practice of \"feeling first, then the limit\": 35 min\n- Home practice: 10 min\n- Close: 5 min\n\nSome carers worry that empathy means being \"soft\" or letting children get away with things. Be clear that this approach is about warmth *and* boundaries together. Empathy for the feeling is what helps a child accept the limit. Use everyday examples, such as screen time, bedtime or sharing, so the idea feels practical.\n\nCarers from different generations and backgrounds may have been raised with very different ideas about discipline. Respect this. Link back to the parent map from session one: what did they learn about feelings and rules when they were young, and what do they want to keep or change? Avoid suggesting there is one right way to parent.\n\nWhen discussing times empathy is hard, carers may share moments of feeling hurt, rejected or even disliking the child's behaviour. Receive these honestly and without judgement; feeling this way is common and does not make anyone a bad carer. If a carer describes anything that suggests a child may be at risk of harm, follow your safeguarding procedure and raise a concern in the app, and talk with them privately and supportively.",
  "home_practice": "This week, try \"feeling first, then the limit\" at least once. Name what your child might be feeling, hold the limit calmly, and offer a way to reconnect. It does not need to be perfect, and it is fine to try it after the moment has passed.\n\nAlso aim for one small moment of connection each day, such as a joke, a shared snack or sitting together for a few minutes. Notice how it feels for both of you."
 },
 {
  "number": 7,
  "title": "Rupture and repair",
  "aims": [
   "Understand that ruptures happen in every close relationship",
   "Learn simple steps for putting things right after they go wrong",
   "Think about family time with birth parents, the big feelings around it, and family loyalties"
  ],
  "slides": [
   "### Welcome back\n\nDid you try naming a feeling while holding a limit? How did it go?",
   "### Ruptures happen\n\nA rupture is a moment when the connection breaks: a row, a sharp word, not listening. Every close relationship has them. They are not the end of the story.",
   "### Why repair matters\n\nWhen an adult comes back and puts things right, a child learns:\n\n- mistakes can be mended\n- anger does not end love\n- this adult will not give up on me",
   "### Steps to repair\n\n- Cool down first\n- Go back to your child\n- Say simply what happened\n- Own your part\n- Reconnect with a hug, a smile, or something done together",
   "### Saying sorry\n\nSaying \"I'm sorry I shouted\" does not make you weak. It shows your child how to put things right, and that they are worth it.",
   "### Repair can take time\n\nYour child may not accept repair straight away. That is OK. Keep the door open, stay calm and try again later.",
   "### Family time with parents\n\nFamily time (sometimes called contact) can stir up big feelings before, during and after. Excitement, worry, sadness, anger and relief can all be there at once, for the child and for you.",
   "### After family time\n\nChildren may be unsettled, clingy, angry or very quiet. This is often about missing, hoping and worrying. A calm, familiar routine afterwards can really help.",
   "### Loyalties in kinship families\n\nYou may love the child's parent and also feel hurt, worried or angry. The child may feel torn too. These tangled feelings are understandable.",
   "### Keeping the child out of the middle\n\nChildren do best when they can love everyone without having to choose. Try to keep adult worries and disagreements away from them. This is hard, and it is OK to need support with it."
  ],
  "prompts": [
   "How were falling-outs handled in your family when you were growing up?",
   "What makes it hard to go back and repair?",
   "How does your child usually seem before and after family time?",
   "What feelings does family time stir up for you?",
   "How do you manage your own loyalties within the family?",
   "What support would help you around family time?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome: 10 min\n- Check-in on last week's home practice: 15 min\n- Teaching slides on rupture and repair: 20 min\n- Break: 15 min\n- Teaching slides on family time and loyalties: 15 min\n- Discussion: 30 min\n- Home practice: 10 min\n- Close: 5 min, including a gentle reminder that next week is the last session\n\nThe message about rupture and repair is a hopeful one: carers do not need to get everything right, because repair is where much of the learning happens. Many carers carry guilt about losing their temper. Help them see repair as a skill they can practise, not a sign of failure. You might share a small, appropriate example of your own to show that repair is part of every relationship.\n\nFamily time is often the most emotional topic in the programme. For kinship carers, the child's parent may be their own son, daughter, sister, brother or friend. Feelings may include love, grief, anger, shame, fear and hope, sometimes all together. Make space for these without taking sides, and keep the conversation free of blame towards birth parents or carers. Arrangements for family time are usually set by a court order or agreed with the local authority. Facilitators should not give legal advice; signpost carers to their social worker, support worker or a legal adviser if questions come up.\n\nChildren sometimes say things before or after family time that raise concern. If a carer describes something that suggests a child may be at risk, including anything that happened during family time, follow your safeguarding procedure and raise a concern in the app. Remind carers of who they can contact between sessions if they are worried.",
  "home_practice": "This week, notice a moment when things go wrong between you and your child, as they do in every family. When you have both cooled down, try one step of repair: go back, say simply what happened, and reconnect in a small way.\n\nIf family time is coming up, plan a calm, familiar routine for afterwards, such as a favourite meal, a bath or a quiet film together. Notice how your child seems, and how you feel too."
 },
 {
  "number": 8,
  "title": "Endings and going forward",
  "aims": [
   "Understand why endings can be hard for children, and adults, who have lived through loss",
   "Look back on what we have learned and choose what we will take away",
   "Plan how to keep looking after ourselves after the group, and celebrate together"
  ],
  "slides": [
   "### Our last session\n\nToday is about looking back, looking forward, and celebrating everything you have put into these eight weeks.",
   "### Why endings matter\n\nFor children who have lived through loss, endings can stir up old feelings. The end of a school year, a holiday or a change of teacher can feel much bigger than it looks.",
   "### Helping children with endings\n\n- Give warning of changes ahead\n- Talk about what will stay the same\n- Make time to say goodbye properly\n- Expect a few wobbles",
   "### Endings stir us too\n\nEndings can bring up our own losses as well. Notice what this ending brings up for you, and be gentle with yourself.",
   "### Looking back\n\nTogether we have thought about:\n\n- our parent map\n- our feelings temperature and pausing\n- the story behind behaviour\n- wondering aloud\n- seeing it from their side\n- empathy, limits and repair",
   "### What will you take away?\n\nWhat is one idea you want to keep? What has changed, even a little, in how you see your child, or yourself?",
   "### Keep going\n\n- Keep pausing\n- Keep wondering\n- Keep putting things right\n- Keep looking after yourself\n\nSmall steps, again and again, make a real difference.",
   "### Support after the group\n\nWho can support you from now on? Think about friends, family, other carers from this group, your support worker and local kinship carer groups.",
   "### Celebrating you\n\nCaring for a child who has been through so much takes love, strength and patience. You have shown all of that by being here.",
   "### Thank you\n\nThank you for your openness, your stories and the care you have shown each other. It has been a privilege to share these eight weeks with you."
  ],
  "prompts": [
   "How does your child usually cope with endings and changes?",
   "What feelings does the end of this group bring up for you?",
   "What is one thing you will take away from these eight weeks?",
   "What has changed in how you understand your child, or yourself?",
   "What will help you keep going after the group ends?"
  ],
  "facilitator_notes": "Suggested timings for the two hours:\n\n- Welcome: 10 min\n- Check-in on last week's home practice: 15 min\n- Teaching slides on endings: 20 min\n- Break: 15 min\n- Looking back and \"what will you take away?\" discussion: 35 min\n- Planning support after the group: 10 min\n- Celebration and thank you: 15 min\n\nEndings matter, so give this one the care you would want carers to give their children's endings. Ideally the ending was mentioned at the close of session seven, so it is not a surprise. Say goodbye clearly. Some carers may feel sad, anxious or even a little flat; others may feel relieved. All of this is fine. Link it back to what children may feel about endings, as a live example of the session's theme.\n\nUse the looking-back slide to help carers notice their own progress, however small. Invite each person to share one thing they will take away, but let people pass. Make sure everyone leaves knowing how to reach ongoing support your service offers, and encourage carers to swap contact details with each other only if they all want to.\n\nPlan a simple celebration, such as refreshments or a certificate, and check any dietary needs in advance. Keep it warm rather than showy. If anything shared in this final session raises a safeguarding concern, follow your safeguarding procedure and raise a concern in the app as usual, and make sure the carer knows who will follow up with them after the group ends.",
  "home_practice": "Over the coming weeks, choose one idea from the group that you want to keep using, such as pausing, wondering aloud or putting things right after a row. Keep it somewhere you will see it, like a note on the fridge.\n\nIf you like, plan a small way to mark the end of the group with your child, such as a special tea or a walk together. And remember to keep doing one small kind thing for yourself each week. You matter too."
 }
]$curriculum$::jsonb)
where not exists (select 1 from public.curricula where programme_id = 'reflective-parenting');
