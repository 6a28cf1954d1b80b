// Word lists the content generator draws news prose, titles, tags and bylines from.

const list = (text: string): readonly string[] => text.trim().split(/\s+/);

export const NOUNS = list(`
  government minister council parliament election budget economy market inflation court ruling
  agreement treaty ceasefire summit protest strike union company investor bank currency export
  import harvest drought flood storm wildfire earthquake hospital vaccine outbreak school teacher
  student university research study report survey police investigation trial verdict border
  refugee migrant coalition opposition campaign candidate voter referendum constitution reform
  tax tariff subsidy pension housing rent transport railway airport port pipeline grid reactor
  climate emissions forest river coast island city village province region capital mayor
  governor president spokesperson official lawmaker committee inquiry scandal audit contract
  factory worker wage strike shortage supply demand price forecast deficit surplus loan bond
  startup platform network satellite rocket mission telescope discovery museum festival film
  novel album tournament match league season coach striker record medal stadium fans ticket
`);

export const ADJECTIVES = list(`
  new major early late sudden gradual rapid slow fragile steady record historic contested
  controversial unexpected widespread local national regional global public private rural urban
  coastal northern southern eastern western central independent emergency temporary permanent
  ambitious modest cautious bold renewed fresh lengthy brief tense calm heated quiet crowded
  digital green costly cheap rising falling stalled delayed landmark joint rival leading
`);

export const VERBS = list(`
  announced approved rejected delayed signed launched proposed criticised defended warned
  confirmed denied reported questioned welcomed condemned postponed extended expanded reduced
  raised cut blocked backed opened closed reached resumed suspended revised published unveiled
`);

export const VERBS_PRESENT = list(`
  approves rejects delays signs launches proposes warns confirms denies welcomes condemns
  postpones extends expands reduces raises cuts blocks backs opens closes reaches resumes
  suspends revises unveils weighs faces braces eyes seeks
`);

export const PLACES = list(`
  Lisbon Nairobi Jakarta Lagos Manila Osaka Lima Quito Accra Hanoi Dhaka Cairo Tunis Riga
  Vilnius Tallinn Oslo Helsinki Dublin Porto Seville Lyon Hamburg Krakow Brno Zagreb Sofia
  Athens Izmir Tbilisi Yerevan Almaty Tashkent Karachi Colombo Chennai Perth Auckland Suva
  Santiago Montevideo Bogota Havana Kingston Toronto Denver Phoenix Atlanta Boston Halifax
  Reykjavik Marrakesh Dakar Kigali Lusaka Harare Windhoek Maputo Mombasa Addis Khartoum
`);

export const WEEKDAYS = list('Monday Tuesday Wednesday Thursday Friday Saturday Sunday');

export const FIRST_NAMES = list(`
  Ana Bruno Chiara Dmitri Elena Farid Grace Hiro Ines Jonas Kofi Lena Mateo Nadia Omar Priya
  Quentin Rosa Sami Tariq Uma Viktor Wen Ximena Yusuf Zora Aisha Bjorn Carmen Diego Esra Felix
`);

export const LAST_NAMES = list(`
  Almeida Brandt Castillo Dlamini Eriksen Fontaine Garcia Haddad Ivanova Jensen Kowalski Lindqvist
  Mensah Nakamura Okafor Petrov Quispe Rahman Silva Tanaka Umarov Valdes Weber Xu Yilmaz Zeller
`);

export const TOPICS = list(`
  politics economy business markets climate energy health science technology education culture
  sport football tennis cycling elections courts crime migration housing transport aviation
  shipping agriculture food water weather wildlife oceans space diplomacy defence security
  cities rural labour trade banking crypto startups media film music books art heritage religion
  tourism fashion design architecture infrastructure mining oil gas nuclear solar wind batteries
  cars rail ai privacy cyber internet telecoms research universities schools children ageing
  pensions taxes budget inflation jobs wages unions protests human-rights justice prisons police
`);

export const REGIONS = list(`
  africa asia europe americas middle-east oceania arctic caribbean balkans baltics sahel andes
  nordics iberia alps pacific
`);

export const SITES = list(`
  www.example.com reports.example.org data.example.net www.example.edu archive.example.org
  stats.example.com press.example.net
`);
