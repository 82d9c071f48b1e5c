"""What the shared real pages print that their labels do not record: the byline's names.

Read off each page (../shared/pages/ar): the element after the headline that names the
writer. bbcarabic and sputnikarabic print no writer.
"""

REAL_PAGE_AUTHORS = {
    "youm7_1": ["أسماء نصار"],  # span.writeBy «كتبت أسماء نصار»
    "akhbarelyom_1": ["نورهان نبيل"],  # h5 under div.post-meta-date
    "alyaum_1": ["حسام أبو العلا"],  # a.aksa-byline
    "elbaladtv_1": ["ضحى عرفة"],
    "bbcarabic_1": [],
    "sputnikarabic_1": [],
}
