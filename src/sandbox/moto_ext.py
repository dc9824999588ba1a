"""moto's server plus the SSM service-setting API it lacks (the test harness and `npm run sandbox`).

moto 5.2.1 has no GetServiceSetting, UpdateServiceSetting or ResetServiceSetting: the AWS provider's
aws_ssm_service_setting (the public-sharing block of every Region) hangs on them. This file adds
the three actions to moto's SSM responses, keeping one value per account, Region and setting, and
then starts moto's server with the arguments it was given (e.g. `-H 127.0.0.1 -p 5000`).

Behaviour, as documented for the real API:
- a setting that was never updated reads as its AWS default with Status "Default";
- UpdateServiceSetting stores the value (Status "Customized");
- ResetServiceSetting puts the default back (Status "Default");
- SettingId may be the setting's path (/ssm/...) or its full ARN; the ARN is always returned.
"""
import sys
from datetime import datetime, timezone

from moto.core.responses import ActionResult, EmptyResult
from moto.ssm.responses import SimpleSystemManagerResponse

# AWS defaults of the settings the stacks touch; any other setting defaults to "Disable".
DEFAULTS = {
    "/ssm/documents/console/public-sharing-permission": "Enable",
}

# (account, region, setting path) -> {"value", "modified", "user"}
_SETTINGS: dict = {}


def _path(setting_id: str) -> str:
    marker = ":servicesetting"
    return setting_id.split(marker, 1)[1] if marker in setting_id else setting_id


def _describe(response: SimpleSystemManagerResponse, path: str) -> dict:
    account, region = response.current_account, response.region
    stored = _SETTINGS.get((account, region, path))
    partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
    return {
        "SettingId": path,
        "SettingValue": stored["value"] if stored else DEFAULTS.get(path, "Disable"),
        "LastModifiedDate": stored["modified"] if stored else datetime(2020, 1, 1, tzinfo=timezone.utc),
        "LastModifiedUser": stored["user"] if stored else "System",
        "ARN": f"arn:{partition}:ssm:{region}:{account}:servicesetting{path}",
        "Status": "Customized" if stored else "Default",
    }


def get_service_setting(self: SimpleSystemManagerResponse) -> ActionResult:
    return ActionResult({"ServiceSetting": _describe(self, _path(self._get_param("SettingId")))})


def update_service_setting(self: SimpleSystemManagerResponse) -> EmptyResult:
    path = _path(self._get_param("SettingId"))
    _SETTINGS[(self.current_account, self.region, path)] = {
        "value": self._get_param("SettingValue"),
        "modified": datetime.now(timezone.utc),
        "user": f"arn:aws:iam::{self.current_account}:user/emulator",
    }
    return EmptyResult()


def reset_service_setting(self: SimpleSystemManagerResponse) -> ActionResult:
    path = _path(self._get_param("SettingId"))
    _SETTINGS.pop((self.current_account, self.region, path), None)
    return ActionResult({"ServiceSetting": _describe(self, path)})


SimpleSystemManagerResponse.get_service_setting = get_service_setting
SimpleSystemManagerResponse.update_service_setting = update_service_setting
SimpleSystemManagerResponse.reset_service_setting = reset_service_setting


# --- CloudWatch Logs AssociateKmsKey / DisassociateKmsKey (added by issue 11: an adopted log group
# gets the created logs key; moto 5.2.1 answers both with a 500). Stores the key on the group.
from moto.logs.exceptions import ResourceNotFoundException as _LogsNotFound
from moto.logs.responses import LogsResponse


def _log_group(self: LogsResponse):
    name = self._get_param("logGroupName")
    group = self.logs_backend.groups.get(name)
    if group is None:
        raise _LogsNotFound()
    return group


def associate_kms_key(self: LogsResponse) -> str:
    _log_group(self).kms_key_id = self._get_param("kmsKeyId")
    return ""


def disassociate_kms_key(self: LogsResponse) -> str:
    _log_group(self).kms_key_id = None
    return ""


LogsResponse.associate_kms_key = associate_kms_key
LogsResponse.disassociate_kms_key = disassociate_kms_key


# --- IAM enforcement of signed Lambda GET and DELETE requests (INITIAL_NO_AUTH_ACTION_COUNT, the
# bootstrap proof of a lambda-mode Region, __tests__/integration/bootstrap-emulator-lambda-archive.test.ts).
# moto 5.2.1 recomputes the signature of a Lambda request wrongly, so signed requests fail with
# SignatureDoesNotMatch: a request without a body (GetFunction, any GET or DELETE) is signed over
# its parsed data, which for Lambda is its headers; and the query string is signed decoded
# (Invoke's ?Qualifier=$LATEST), where the client signed it encoded (%24LATEST). Here a request
# without a body is signed over an empty payload and the query string encoded, as AWS does.
from urllib.parse import parse_qsl, quote

from moto.iam.access_control import IAMRequestBase

_original_aws_request = IAMRequestBase._create_aws_request


def _create_aws_request(self: IAMRequestBase):
    if self._service == "lambda":
        if not self._body:
            self._data = {}
        path, _, query = self._path.partition("?")
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            self._path = path + "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)
    return _original_aws_request(self)


IAMRequestBase._create_aws_request = _create_aws_request


# --- Lambda LoggingConfig (the updater's JSON logs in its own log group): moto 5.2.1 drops the
# function's LoggingConfig, so every plan after the apply wants to set it again. The configuration
# given on create and update is kept and returned, as AWS does.
from moto.awslambda.models import LambdaFunction

_original_function_init = LambdaFunction.__init__
_original_get_configuration = LambdaFunction.get_configuration
_original_update_configuration = LambdaFunction.update_configuration


def _function_init(self: LambdaFunction, account_id, spec, region, *args, **kwargs):
    _original_function_init(self, account_id, spec, region, *args, **kwargs)
    self.logging_config = spec.get("LoggingConfig")


def _get_configuration(self: LambdaFunction, *args, **kwargs):
    config = _original_get_configuration(self, *args, **kwargs)
    if getattr(self, "logging_config", None):
        config["LoggingConfig"] = self.logging_config
    return config


def _update_configuration(self: LambdaFunction, config_updates, *args, **kwargs):
    if "LoggingConfig" in config_updates:
        self.logging_config = config_updates["LoggingConfig"]
    return _original_update_configuration(self, config_updates, *args, **kwargs)


LambdaFunction.__init__ = _function_init
LambdaFunction.get_configuration = _get_configuration
LambdaFunction.update_configuration = _update_configuration


# --- Resources of SSM document and KMS key and alias requests under IAM enforcement (the bootstrap
# proof that the deployer is denied a same-type resource outside the project's names,
# __tests__/integration/bootstrap-emulator.test.ts). moto 5.2.1 checks these requests against the
# caller's policies with the resource "*", so a statement scoped to the project's documents, keys or
# aliases never matches and only the action is checked. Here the request names its resource, as AWS
# authorizes it: the document's ARN (an AWS-owned document without an account); the key's ARN for a
# request with KeyId; and for CreateAlias, UpdateAlias and DeleteAlias both the alias and the key,
# since AWS requires permission on both (https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html).
from moto.kms.responses import KmsResponse

_SSM_DOCUMENT_ACTIONS = {
    "CreateDocument", "DeleteDocument", "DescribeDocument", "DescribeDocumentPermission", "GetDocument",
    "ListDocumentVersions", "ModifyDocumentPermission", "UpdateDocument", "UpdateDocumentDefaultVersion",
}
_SSM_TAG_ACTIONS = {"AddTagsToResource", "ListTagsForResource", "RemoveTagsFromResource"}
_AWS_OWNED = ("AWS-", "AWSEC2-", "AWSSupport-", "AWSConfigRemediation-", "Amazon")


def _partition_of(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"


def _ssm_determine_resource(self: SimpleSystemManagerResponse) -> str:
    action = self._get_action()
    name = None
    if action in _SSM_DOCUMENT_ACTIONS:
        name = self._get_param("Name")
    elif action in _SSM_TAG_ACTIONS and self._get_param("ResourceType") == "Document":
        name = self._get_param("ResourceId")
    if not name:
        return "*"
    if name.startswith("arn:"):
        return name
    owner = "" if name.startswith(_AWS_OWNED) else self.current_account
    return f"arn:{_partition_of(self.region)}:ssm:{self.region}:{owner}:document/{name}"


SimpleSystemManagerResponse._determine_resource = _ssm_determine_resource


def _kms_key_arn(self: KmsResponse, key_id: str) -> str:
    """The ARN of the key `key_id` names (key ID, key ARN, alias name or alias ARN)."""
    try:
        return self.kms_backend.describe_key(key_id).arn
    except Exception:  # an unknown key: authorize on its would-be ARN; the action then answers NotFound
        if key_id.startswith("arn:"):
            return key_id
        return f"arn:{_partition_of(self.region)}:kms:{self.region}:{self.current_account}:key/{key_id}"


def _kms_alias_arn(self: KmsResponse, alias: str) -> str:
    return alias if alias.startswith("arn:") else f"arn:{_partition_of(self.region)}:kms:{self.region}:{self.current_account}:{alias}"


def _kms_determine_resource(self: KmsResponse) -> str:
    key_id = self._get_param("KeyId")
    return _kms_key_arn(self, key_id) if key_id else "*"


_original_kms_authorize = KmsResponse._authenticate_and_authorize_normal_action


def _kms_authorize(self: KmsResponse, resource: str = "*") -> None:
    action = self._get_action()
    if action in ("CreateAlias", "UpdateAlias", "DeleteAlias"):
        alias = self._get_param("AliasName")
        _original_kms_authorize(self, _kms_alias_arn(self, alias))
        target = self._get_param("TargetKeyId") or (alias if action == "DeleteAlias" else None)
        if target:
            _original_kms_authorize(self, _kms_key_arn(self, target))
        return
    _original_kms_authorize(self, resource)


KmsResponse._determine_resource = _kms_determine_resource
KmsResponse._authenticate_and_authorize_normal_action = _kms_authorize


def _reset_settings_too() -> None:
    """POST /moto-api/reset clears moto's backends; clear the settings with them."""
    from moto.moto_api._internal.models import moto_api_backend

    original = moto_api_backend.reset

    def reset() -> None:
        _SETTINGS.clear()
        original()

    moto_api_backend.reset = reset


if __name__ == "__main__":
    _reset_settings_too()
    from moto.server import main

    main(sys.argv[1:])
