/**
 * Login domains of well-known services, looked up by the `issuer` of an
 * otpauth URI, so that an imported account can be offered on the right site
 * without the person typing a domain.
 *
 * SECURITY: issuer text comes from QR codes made by third parties, so lookup
 * is by exact normalised key only, never by substring, prefix or fuzzy match.
 * "GitHub Enterprise", "Acme GitHub" or "GitHub-ish" must not reach github.com;
 * a close-enough match would let any site's QR code claim a big service's
 * domain. A miss costs one typed domain; a false hit sends codes elsewhere.
 *
 * Values are the host a binding stores (see `domain-binding.ts`): usually the
 * registrable domain, but a specific host where the registrable domain is
 * shared with something that must not get the codes:
 * - a sibling service with its own account (AWS under amazon.com: the longer
 *   `signin.aws.amazon.com` binding outranks Amazon's `amazon.com`);
 * - customer content on subdomains (Linode's `members.linode.com` and Render's
 *   `app.render.com` are on the public suffix list; Tumblr blogs run their own
 *   scripts on `*.tumblr.com`);
 * - per-customer login hosts (Salesforce My Domain, see `page-host.ts`).
 *
 * Deliberately absent, so they resolve to no domains:
 * - Multi-tenant identity providers and help desks whose customers each get a
 *   subdomain with their own (often scriptable) sign-in page: Okta, Auth0,
 *   OneLogin, Duo, JumpCloud, Ping, Zendesk, Freshdesk, PagerDuty, Snowflake,
 *   Oracle Cloud, Slack (one account per workspace subdomain). Binding the bare
 *   domain would offer one tenant's code on every other tenant's page.
 * - Self-hostable software whose issuer names the product, not the server:
 *   Nextcloud, Discourse, Grafana, Home Assistant, Mastodon, "WordPress".
 * - Services whose login host we could not state with confidence.
 */

import { normalizeIssuer } from "./normalize-issuer";

/** One service: the issuer names it uses in otpauth URIs and where it logs in. */
interface Service {
  readonly names: readonly string[];
  readonly domains: readonly string[];
}

/** The built-in table; one line per service. Exported for tests and docs. */
export const SERVICES: ReadonlyArray<Service> = [
  // Big tech and accounts
  { names: ["Google", "Google Account"], domains: ["google.com"] },
  { names: ["Microsoft", "Microsoft Account"], domains: ["microsoft.com", "live.com", "microsoftonline.com"] },
  { names: ["Apple", "Apple ID", "Apple Account", "iCloud"], domains: ["apple.com", "icloud.com"] },
  {
    names: ["Amazon", "Amazon.com"],
    domains: [
      "amazon.com",
      "amazon.co.uk",
      "amazon.de",
      "amazon.fr",
      "amazon.it",
      "amazon.es",
      "amazon.ca",
      "amazon.co.jp",
      "amazon.com.au",
      "amazon.in",
    ],
  },
  // Not amazon.com: the shop binds that, and AWS must win on its own sign-in host.
  { names: ["AWS", "Amazon Web Services", "amazonaws"], domains: ["signin.aws.amazon.com", "aws.amazon.com"] },
  { names: ["Facebook", "Meta"], domains: ["facebook.com", "meta.com"] },
  { names: ["Instagram"], domains: ["instagram.com"] },
  { names: ["Twitter", "X", "X Corp"], domains: ["x.com", "twitter.com"] },
  { names: ["LinkedIn"], domains: ["linkedin.com"] },
  { names: ["Yahoo", "Yahoo Mail"], domains: ["yahoo.com"] },
  { names: ["AOL"], domains: ["aol.com"] },
  // samsung.com is the whole shop and support site; the account lives on one host.
  { names: ["Samsung", "Samsung Account"], domains: ["account.samsung.com"] },
  { names: ["NVIDIA"], domains: ["nvidia.com"] },
  { names: ["Adobe", "Adobe ID"], domains: ["adobe.com"] },
  { names: ["Autodesk"], domains: ["autodesk.com"] },
  { names: ["Mozilla", "Mozilla Account", "Firefox", "Firefox Accounts"], domains: ["firefox.com"] },
  { names: ["Wikipedia", "Wikimedia"], domains: ["wikipedia.org", "wikimedia.org"] },
  { names: ["Red Hat"], domains: ["redhat.com"] },
  { names: ["Ubuntu One", "Canonical"], domains: ["login.ubuntu.com"] },
  { names: ["OpenAI", "ChatGPT"], domains: ["openai.com", "chatgpt.com"] },
  { names: ["Hugging Face"], domains: ["huggingface.co"] },
  { names: ["Login.gov"], domains: ["login.gov"] },
  { names: ["ID.me"], domains: ["id.me"] },

  // Social, media and creators
  { names: ["Reddit"], domains: ["reddit.com"] },
  { names: ["Snapchat"], domains: ["snapchat.com"] },
  { names: ["TikTok"], domains: ["tiktok.com"] },
  { names: ["Pinterest"], domains: ["pinterest.com"] },
  // Blogs on *.tumblr.com run their own theme scripts; only the main host logs in.
  { names: ["Tumblr"], domains: ["www.tumblr.com"] },
  { names: ["Discord"], domains: ["discord.com"] },
  { names: ["Twitch"], domains: ["twitch.tv"] },
  { names: ["VK", "VKontakte"], domains: ["vk.com"] },
  { names: ["Vimeo"], domains: ["vimeo.com"] },
  { names: ["DeviantArt"], domains: ["deviantart.com"] },
  { names: ["Patreon"], domains: ["patreon.com"] },
  { names: ["Kickstarter"], domains: ["kickstarter.com"] },
  { names: ["Kick"], domains: ["kick.com"] },
  { names: ["Plex"], domains: ["plex.tv"] },

  // Email
  { names: ["Proton", "ProtonMail", "Proton Pass", "Proton VPN"], domains: ["proton.me", "protonmail.com"] },
  { names: ["Tuta", "Tutanota"], domains: ["tuta.com", "tutanota.com"] },
  { names: ["Fastmail"], domains: ["fastmail.com"] },
  { names: ["Zoho", "Zoho Mail"], domains: ["zoho.com", "zoho.eu", "zoho.in", "zoho.com.au"] },
  { names: ["mailbox.org"], domains: ["mailbox.org"] },
  { names: ["Posteo"], domains: ["posteo.de"] },

  // Password managers and VPNs
  { names: ["LastPass"], domains: ["lastpass.com"] },
  { names: ["Bitwarden"], domains: ["bitwarden.com", "bitwarden.eu"] },
  { names: ["1Password"], domains: ["1password.com", "1password.eu", "1password.ca"] },
  { names: ["Dashlane"], domains: ["dashlane.com"] },
  { names: ["Keeper", "Keeper Security"], domains: ["keepersecurity.com", "keepersecurity.eu"] },
  { names: ["Nord Account", "NordPass", "NordVPN"], domains: ["nordaccount.com", "nordpass.com", "nordvpn.com"] },
  { names: ["RoboForm"], domains: ["roboform.com"] },
  { names: ["Surfshark"], domains: ["surfshark.com"] },

  // Developer tools and package registries
  { names: ["GitHub"], domains: ["github.com"] },
  // Self-managed GitLab puts its own host in the issuer, so "GitLab" and "gitlab.com" mean GitLab.com.
  { names: ["GitLab", "gitlab.com"], domains: ["gitlab.com"] },
  // Bitbucket Cloud now signs in through the Atlassian account host.
  { names: ["Bitbucket"], domains: ["bitbucket.org", "id.atlassian.com"] },
  // atlassian.com only: customer sites live on atlassian.net, which is multi-tenant.
  { names: ["Atlassian", "Atlassian Account"], domains: ["atlassian.com"] },
  { names: ["Trello"], domains: ["trello.com"] },
  { names: ["npm", "npmjs"], domains: ["npmjs.com"] },
  { names: ["PyPI", "Python Package Index"], domains: ["pypi.org"] },
  { names: ["RubyGems", "RubyGems.org"], domains: ["rubygems.org"] },
  { names: ["Packagist"], domains: ["packagist.org"] },
  { names: ["Docker", "Docker Hub"], domains: ["docker.com"] },
  { names: ["JetBrains", "JetBrains Account"], domains: ["jetbrains.com"] },
  { names: ["Sentry"], domains: ["sentry.io"] },
  { names: ["Codeberg", "Codeberg.org"], domains: ["codeberg.org"] },
  { names: ["SourceHut", "sr.ht"], domains: ["sr.ht"] },
  { names: ["SourceForge"], domains: ["sourceforge.net"] },
  { names: ["Postman"], domains: ["postman.com", "getpostman.com"] },
  { names: ["Expo"], domains: ["expo.dev"] },
  { names: ["Unity", "Unity ID", "Unity Technologies"], domains: ["unity.com"] },
  { names: ["LaunchDarkly"], domains: ["launchdarkly.com"] },
  { names: ["Algolia"], domains: ["algolia.com"] },
  { names: ["HashiCorp", "HashiCorp Cloud Platform"], domains: ["hashicorp.com"] },
  { names: ["Terraform Cloud", "HCP Terraform"], domains: ["terraform.io"] },
  { names: ["Supabase"], domains: ["supabase.com"] },
  { names: ["PlanetScale"], domains: ["planetscale.com"] },
  { names: ["MongoDB", "MongoDB Atlas", "MongoDB Cloud"], domains: ["mongodb.com"] },
  { names: ["Elastic", "Elastic Cloud"], domains: ["elastic.co"] },
  { names: ["Datadog"], domains: ["datadoghq.com", "datadoghq.eu"] },

  // Cloud, hosting and storage
  { names: ["Cloudflare"], domains: ["cloudflare.com"] },
  { names: ["DigitalOcean"], domains: ["digitalocean.com"] },
  { names: ["Heroku"], domains: ["heroku.com"] },
  { names: ["Vercel"], domains: ["vercel.com"] },
  { names: ["Netlify"], domains: ["netlify.com"] },
  { names: ["Fly.io"], domains: ["fly.io"] },
  // app.render.com is a public suffix (customer apps), so not the bare render.com.
  { names: ["Render"], domains: ["dashboard.render.com"] },
  // members.linode.com is a public suffix (customer sites), so not the bare linode.com.
  { names: ["Linode"], domains: ["login.linode.com", "cloud.linode.com"] },
  { names: ["Vultr"], domains: ["vultr.com"] },
  { names: ["Hetzner", "Hetzner Online", "Hetzner Cloud"], domains: ["hetzner.com", "hetzner.cloud"] },
  { names: ["OVH", "OVHcloud"], domains: ["ovh.com", "ovhcloud.com"] },
  { names: ["Scaleway"], domains: ["scaleway.com"] },
  { names: ["UpCloud"], domains: ["upcloud.com"] },
  { names: ["Contabo"], domains: ["contabo.com"] },
  { names: ["IONOS"], domains: ["ionos.com", "ionos.de", "ionos.co.uk"] },
  { names: ["Hostinger"], domains: ["hostinger.com"] },
  { names: ["Bluehost"], domains: ["bluehost.com"] },
  { names: ["SiteGround"], domains: ["siteground.com"] },
  { names: ["DreamHost"], domains: ["dreamhost.com"] },
  { names: ["Kinsta"], domains: ["kinsta.com"] },
  { names: ["Pantheon"], domains: ["pantheon.io"] },
  { names: ["Cloudways"], domains: ["cloudways.com"] },
  { names: ["Backblaze"], domains: ["backblaze.com"] },
  { names: ["Wasabi"], domains: ["wasabisys.com"] },
  { names: ["Fastly"], domains: ["fastly.com"] },
  // ibm.com is a huge corporate site; IBMid signs in on these hosts.
  { names: ["IBM Cloud", "IBMid", "IBM"], domains: ["login.ibm.com", "cloud.ibm.com"] },
  { names: ["Alibaba Cloud", "Aliyun"], domains: ["alibabacloud.com", "aliyun.com"] },
  // tencent.com hosts many unrelated Tencent products; the cloud console has its own host.
  { names: ["Tencent Cloud"], domains: ["tencentcloud.com", "cloud.tencent.com"] },

  // Domain registrars
  { names: ["Namecheap"], domains: ["namecheap.com"] },
  { names: ["GoDaddy"], domains: ["godaddy.com"] },
  { names: ["Gandi", "Gandi.net"], domains: ["gandi.net"] },
  { names: ["Porkbun"], domains: ["porkbun.com"] },
  { names: ["Hover"], domains: ["hover.com"] },
  { names: ["Dynadot"], domains: ["dynadot.com"] },
  { names: ["Name.com"], domains: ["name.com"] },
  { names: ["NameSilo"], domains: ["namesilo.com"] },

  // Messaging, email delivery, CRM and support
  { names: ["Twilio"], domains: ["twilio.com"] },
  { names: ["SendGrid", "Twilio SendGrid"], domains: ["sendgrid.com"] },
  { names: ["Mailgun"], domains: ["mailgun.com"] },
  { names: ["Postmark"], domains: ["postmarkapp.com"] },
  { names: ["Mailchimp", "Intuit Mailchimp"], domains: ["mailchimp.com"] },
  { names: ["Mailjet"], domains: ["mailjet.com"] },
  { names: ["Brevo", "Sendinblue"], domains: ["brevo.com", "sendinblue.com"] },
  { names: ["Zoom"], domains: ["zoom.us", "zoom.com"] },
  { names: ["Intercom"], domains: ["intercom.com"] },
  { names: ["Help Scout"], domains: ["helpscout.net"] },
  { names: ["HubSpot"], domains: ["hubspot.com"] },
  // Orgs sign in on per-customer My Domain hosts (multi-tenant); only the shared login host is safe.
  { names: ["Salesforce"], domains: ["login.salesforce.com"] },

  // Productivity, files and site builders
  { names: ["Dropbox"], domains: ["dropbox.com"] },
  { names: ["Dropbox Sign", "HelloSign"], domains: ["hellosign.com"] },
  { names: ["Box"], domains: ["box.com"] },
  { names: ["MEGA"], domains: ["mega.nz", "mega.io"] },
  { names: ["pCloud"], domains: ["pcloud.com"] },
  { names: ["Tresorit"], domains: ["tresorit.com"] },
  { names: ["Evernote"], domains: ["evernote.com"] },
  { names: ["Notion"], domains: ["notion.so", "notion.com"] },
  { names: ["Figma"], domains: ["figma.com"] },
  { names: ["Asana"], domains: ["asana.com"] },
  { names: ["Miro"], domains: ["miro.com"] },
  { names: ["Airtable"], domains: ["airtable.com"] },
  { names: ["ClickUp"], domains: ["clickup.com"] },
  { names: ["Todoist"], domains: ["todoist.com"] },
  { names: ["Obsidian"], domains: ["obsidian.md"] },
  { names: ["Canva"], domains: ["canva.com"] },
  { names: ["DocuSign"], domains: ["docusign.com"] },
  { names: ["Zapier"], domains: ["zapier.com"] },
  { names: ["IFTTT"], domains: ["ifttt.com"] },
  { names: ["Webflow"], domains: ["webflow.com"] },
  { names: ["Wix", "Wix.com"], domains: ["wix.com"] },
  { names: ["WordPress.com"], domains: ["wordpress.com"] },
  { names: ["SurveyMonkey"], domains: ["surveymonkey.com"] },

  // Payments, accounting and banking
  { names: ["Stripe"], domains: ["stripe.com"] },
  { names: ["PayPal"], domains: ["paypal.com"] },
  { names: ["Shopify"], domains: ["shopify.com"] },
  { names: ["Square"], domains: ["squareup.com"] },
  { names: ["Wise", "TransferWise"], domains: ["wise.com", "transferwise.com"] },
  { names: ["Revolut"], domains: ["revolut.com"] },
  { names: ["Payoneer"], domains: ["payoneer.com"] },
  { names: ["Skrill"], domains: ["skrill.com"] },
  { names: ["Xero"], domains: ["xero.com"] },
  { names: ["FreshBooks"], domains: ["freshbooks.com"] },
  { names: ["Gusto"], domains: ["gusto.com"] },
  { names: ["Braintree"], domains: ["braintreegateway.com"] },
  { names: ["Paddle"], domains: ["paddle.com"] },
  { names: ["Intuit", "TurboTax", "QuickBooks"], domains: ["intuit.com"] },

  // Brokerages
  { names: ["Fidelity", "Fidelity Investments"], domains: ["fidelity.com"] },
  { names: ["Vanguard"], domains: ["vanguard.com"] },
  { names: ["Charles Schwab", "Schwab"], domains: ["schwab.com"] },
  { names: ["E*TRADE"], domains: ["etrade.com"] },
  { names: ["Interactive Brokers", "IBKR"], domains: ["interactivebrokers.com"] },
  { names: ["Robinhood"], domains: ["robinhood.com"] },

  // Crypto exchanges
  { names: ["Coinbase"], domains: ["coinbase.com"] },
  // Binance.US is a separate company with separate accounts.
  { names: ["Binance"], domains: ["binance.com"] },
  { names: ["Binance.US"], domains: ["binance.us"] },
  { names: ["Kraken"], domains: ["kraken.com"] },
  { names: ["Gemini"], domains: ["gemini.com"] },
  { names: ["Crypto.com"], domains: ["crypto.com"] },
  { names: ["KuCoin"], domains: ["kucoin.com"] },
  { names: ["OKX", "OKEx"], domains: ["okx.com"] },
  { names: ["Bitfinex"], domains: ["bitfinex.com"] },
  { names: ["Bitstamp"], domains: ["bitstamp.net"] },
  { names: ["Bybit"], domains: ["bybit.com"] },
  { names: ["Bitget"], domains: ["bitget.com"] },
  { names: ["Gate.io"], domains: ["gate.io"] },
  { names: ["MEXC"], domains: ["mexc.com"] },
  { names: ["Poloniex"], domains: ["poloniex.com"] },
  { names: ["Blockchain.com"], domains: ["blockchain.com"] },
  { names: ["Uphold"], domains: ["uphold.com"] },
  { names: ["Bitpanda"], domains: ["bitpanda.com"] },
  { names: ["Bitvavo"], domains: ["bitvavo.com"] },
  { names: ["Luno"], domains: ["luno.com"] },
  { names: ["Bitso"], domains: ["bitso.com"] },

  // Gaming
  { names: ["Steam", "Steam Guard", "Valve"], domains: ["steampowered.com", "steamcommunity.com"] },
  { names: ["Epic Games", "Epic Games Store"], domains: ["epicgames.com"] },
  { names: ["Nintendo", "Nintendo Account"], domains: ["nintendo.com"] },
  // sony.com covers unrelated Sony businesses; PSN signs in on the account host.
  { names: ["PlayStation", "PlayStation Network", "PSN", "Sony"], domains: ["playstation.com", "account.sony.com"] },
  { names: ["Ubisoft", "Ubisoft Connect", "Uplay"], domains: ["ubisoft.com"] },
  { names: ["Battle.net", "Blizzard", "Blizzard Entertainment"], domains: ["battle.net", "blizzard.com"] },
  { names: ["EA", "Electronic Arts"], domains: ["ea.com"] },
  { names: ["Roblox"], domains: ["roblox.com"] },
  { names: ["Riot Games", "Riot"], domains: ["riotgames.com"] },
  { names: ["Rockstar Games", "Rockstar", "Rockstar Games Social Club"], domains: ["rockstargames.com"] },
  { names: ["Bethesda", "Bethesda.net"], domains: ["bethesda.net"] },
  { names: ["Wargaming", "Wargaming.net"], domains: ["wargaming.net"] },
  { names: ["ArenaNet", "Guild Wars 2"], domains: ["arena.net", "guildwars2.com"] },
  { names: ["Roberts Space Industries", "RSI", "Star Citizen"], domains: ["robertsspaceindustries.com"] },
  { names: ["Square Enix"], domains: ["square-enix.com"] },
  { names: ["Jagex", "RuneScape"], domains: ["jagex.com", "runescape.com"] },
  { names: ["GOG", "GOG.com"], domains: ["gog.com"] },
  { names: ["Humble Bundle"], domains: ["humblebundle.com"] },
  { names: ["itch.io"], domains: ["itch.io"] },
  { names: ["Nexus Mods"], domains: ["nexusmods.com"] },

  // Shopping, travel, transport and devices
  { names: ["Etsy"], domains: ["etsy.com"] },
  { names: ["eBay"], domains: ["ebay.com", "ebay.co.uk", "ebay.de", "ebay.fr", "ebay.it", "ebay.ca", "ebay.com.au"] },
  { names: ["Airbnb"], domains: ["airbnb.com"] },
  { names: ["Booking.com"], domains: ["booking.com"] },
  { names: ["Uber"], domains: ["uber.com"] },
  { names: ["Lyft"], domains: ["lyft.com"] },
  { names: ["Tesla"], domains: ["tesla.com"] },
  { names: ["Ring"], domains: ["ring.com"] },
  { names: ["Ubiquiti", "UniFi"], domains: ["ui.com"] },
];

const NO_DOMAINS: readonly string[] = Object.freeze([]);

// Built once at module load. A name claimed twice is a table bug; failing
// loudly here (and in the unit test) beats silently letting one entry win.
const BY_NAME: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, readonly string[]>();
  for (const service of SERVICES) {
    const domains = Object.freeze([...service.domains]);
    for (const name of service.names) {
      const key = normalizeIssuer(name);
      if (key === "" || map.has(key)) throw new Error(`issuer-domains: bad or duplicate issuer name "${name}"`);
      map.set(key, domains);
    }
  }
  return map;
})();

/**
 * Login domains of a well-known service, from the issuer name in its otpauth
 * URI; empty when unknown. Matching is exact after `normalizeIssuer`, never
 * partial (see the security note at the top of this file).
 */
export function issuerDomains(issuer: string): readonly string[] {
  return BY_NAME.get(normalizeIssuer(issuer)) ?? NO_DOMAINS;
}
